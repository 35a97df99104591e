// Plaid's IDV quickstart flow (github.com/plaid/idv-quickstart: a link
// token for identity_verification with a template, Link, onSuccess's
// link_session_id read with /identity_verification/get, STATUS_UPDATED
// webhooks, list and retry), written as our own test through plaid-node
// 47 and the emulator's Link in Chromium: Leslie Knope passes every pane;
// Ben Wyatt passes the data source and fails his document three times;
// a sanctioned name leaves the session pending review with a Monitor hit.
// A Go test (emulator/node_test.go) starts the emulator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Configuration, PlaidApi } from 'plaid';
import { emu, openLink, result, events, assertSuccessMetadata, start, stop } from './harness.mjs';

const got = [];
const hooks = http.createServer((req, res) => { let b = ''; req.on('data', (c) => { b += c; }); req.on('end', () => { got.push(JSON.parse(b)); res.end('ok'); }); });

before(async () => {
  await new Promise((ok) => hooks.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${hooks.address().port}/server/receive_webhook`;
  const yaml = `clients:
  - {client_id: browser_client, secret: browser_secret, dashboard_webhook: "${url}"}
idv_templates:
  - {id: idvtmp_browser0001}
  - {id: idvtmp_browserdoc01, steps: {accept_tos: "true", kyc_check: "true", documentary_verification: always, risk_check: "true"}}
  - {id: idvtmp_browserscr01, steps: {accept_tos: "true", kyc_check: "true", risk_check: "true"}, watchlist_program: prg_sandbox_default,
     rules: {name: any, date_of_birth: any, address: any, id_number: any}}
`;
  const r = await fetch(emu + '/_emulator/fixtures?name=idv.yaml', { method: 'POST', body: yaml });
  assert.equal(r.status, 200, await r.text());
  await start();
});
after(async () => { await stop(); hooks.closeAllConnections(); hooks.close(); });

const client = new PlaidApi(new Configuration({ basePath: emu,
  baseOptions: { headers: { 'PLAID-CLIENT-ID': 'browser_client', 'PLAID-SECRET': 'browser_secret', 'Plaid-Version': '2020-09-14' } } }));

// The quickstart's server: a link token for the template, then what
// onSuccess's link_session_id names.
async function linkToken(template, cuid) {
  const { data } = await client.linkTokenCreate({ client_name: 'IDV Quickstart', language: 'en', country_codes: ['US'], products: ['identity_verification'],
    identity_verification: { template_id: template }, user: { client_user_id: cuid, email_address: 'leslie@example.com' } });
  return data.link_token;
}

async function webhooksFor(id, status) {
  for (let i = 0; i < 400; i++) {
    const mine = got.filter((w) => w.identity_verification_id === id);
    if (mine.some((w) => w.webhook_code === status)) return mine;
    await new Promise((ok) => setTimeout(ok, 25));
  }
  assert.fail(`no ${status} webhook for ${id}`);
}

async function details(frame, who) {
  await frame.getByRole('heading', { name: 'Confirm your details' }).waitFor();
  await frame.getByLabel('First name').fill(who.given);
  await frame.getByLabel('Last name').fill(who.family);
  await frame.getByLabel('Date of birth').fill(who.dob);
  await frame.getByLabel('Street address').fill(who.street);
  await frame.getByLabel('City').fill(who.city);
  await frame.getByLabel('State').fill(who.region);
  await frame.getByLabel('ZIP code').fill(who.zip);
  if (who.ssn) await frame.getByLabel('Social Security number').fill(who.ssn);
  await frame.getByRole('button', { name: 'Continue' }).click();
}

test('Leslie Knope passes every pane: success, webhooks in order, get, list, retry', async () => {
  const { page, frame } = await openLink(await linkToken('idvtmp_browser0001', 'leslie-browser'));
  await frame.getByRole('heading', { name: 'Verify your identity' }).waitFor();
  await frame.getByRole('button', { name: 'I agree' }).click();
  await frame.getByLabel('Phone number').fill('+1 234-567-8909');
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByLabel('Code', { exact: true }).fill('22222');
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByText('That code is not right').waitFor();
  await frame.getByLabel('Code', { exact: true }).fill('11111');
  await frame.getByRole('button', { name: 'Continue' }).click();
  await details(frame, { given: 'Leslie', family: 'Knope', dob: '1975-01-18', street: '123 Main St.', city: 'Pawnee', region: 'IN', zip: '46001', ssn: '123-45-6789' });
  await frame.getByRole('heading', { name: "You're verified" }).waitFor();
  await frame.getByRole('button', { name: 'Done' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  assert.equal(r.public_token, null);
  assertSuccessMetadata(r.metadata);
  const id = r.metadata.link_session_id;
  assert.match(id, /^idv_/);
  const names = (await events(page)).map((e) => e.name + (e.md.view_name ? ':' + e.md.view_name : ''));
  assert.deepEqual(names.filter((n) => n.startsWith('IDENTITY_VERIFICATION_')), ['IDENTITY_VERIFICATION_OPEN_UI', 'IDENTITY_VERIFICATION_CREATE_SESSION',
    'IDENTITY_VERIFICATION_START_STEP:ACCEPT_TOS', 'IDENTITY_VERIFICATION_PASS_STEP:ACCEPT_TOS', 'IDENTITY_VERIFICATION_START_STEP:VERIFY_SMS',
    'IDENTITY_VERIFICATION_PASS_STEP:VERIFY_SMS', 'IDENTITY_VERIFICATION_START_STEP:KYC_CHECK', 'IDENTITY_VERIFICATION_PASS_STEP:KYC_CHECK',
    'IDENTITY_VERIFICATION_PASS_STEP:RISK_CHECK', 'IDENTITY_VERIFICATION_PASS_SESSION', 'IDENTITY_VERIFICATION_CLOSE_UI']);
  assert.ok(r.metadata.link_session_id === (await events(page)).at(-1).md.link_session_id, 'events carry the session id');
  await page.close();

  const hooksSeen = await webhooksFor(id, 'STATUS_UPDATED'); // delivered (in any order, as Plaid warns)
  assert.ok(hooksSeen.filter((w) => w.webhook_code === 'STEP_UPDATED').length >= 4);
  const log = await (await fetch(emu + '/_emulator/webhooks?webhook_type=IDENTITY_VERIFICATION')).json();
  const sent = log.webhooks.filter((w) => w.body.identity_verification_id === id).map((w) => w.webhook_code);
  assert.equal(sent.at(-1), 'STATUS_UPDATED', `sent in logical order, the status after the steps: ${sent}`);
  const { data: idv } = await client.identityVerificationGet({ identity_verification_id: id });
  assert.equal(idv.status, 'success');
  assert.equal(idv.steps.documentary_verification, 'not_applicable');
  assert.equal(idv.kyc_check.name.summary, 'match');
  assert.equal(idv.verify_sms.verifications[0].solve_attempt_count, 2);
  const { data: list } = await client.identityVerificationList({ template_id: 'idvtmp_browser0001', client_user_id: 'leslie-browser' });
  assert.equal(list.identity_verifications.length, 1);
  const { data: retry } = await client.identityVerificationRetry({ client_user_id: 'leslie-browser', template_id: 'idvtmp_browser0001', strategy: 'reset' });
  assert.equal(retry.previous_attempt_id, id);
  assert.equal(retry.status, 'active');
  await webhooksFor(retry.id, 'RETRIED');
});

test('Ben Wyatt passes the data source and fails his document three times', async () => {
  const { page, frame } = await openLink(await linkToken('idvtmp_browserdoc01', 'ben-browser'));
  await frame.getByRole('button', { name: 'I agree' }).click();
  await details(frame, { given: 'Ben', family: 'Wyatt', dob: '1974-03-09', street: '620 Worster Ave Apt 101', city: 'Sherman Oaks', region: 'CA', zip: '91423', ssn: '111-22-3333' });
  for (let i = 1; i <= 3; i++) {
    await frame.getByRole('heading', { name: 'Upload a photo of your ID' }).waitFor();
    if (i > 1) await frame.getByText(`Attempt ${i} of 3`).waitFor();
    await frame.getByRole('button', { name: 'Use a sample document' }).click();
    if (i < 3) await frame.getByText(`Attempt ${i + 1} of 3`).waitFor();
  }
  await frame.getByRole('heading', { name: "We couldn't verify your identity" }).waitFor();
  await frame.getByRole('button', { name: 'Done' }).click();
  const r = await result(page);
  const names = (await events(page)).map((e) => e.name);
  assert.ok(names.includes('IDENTITY_VERIFICATION_FAIL_SESSION'));
  await page.close();
  const { data: idv } = await client.identityVerificationGet({ identity_verification_id: r.metadata.link_session_id });
  assert.equal(idv.status, 'failed');
  assert.equal(idv.steps.kyc_check, 'success');
  assert.equal(idv.steps.documentary_verification, 'failed');
  assert.equal(idv.documentary_verification.documents.length, 3);
});

test('a sanctioned name: the Monitor hit leaves the session pending review', async () => {
  const { page, frame } = await openLink(await linkToken('idvtmp_browserscr01', 'kony-browser'));
  await frame.getByRole('button', { name: 'I agree' }).click();
  await details(frame, { given: 'Joseph', family: 'Kony', dob: '1964-09-18', street: '1 Avenue Boganda', city: 'Bangui', region: 'BG', zip: '00000' });
  await frame.getByRole('heading', { name: "We couldn't verify your identity" }).waitFor();
  await frame.getByRole('button', { name: 'Done' }).click();
  const r = await result(page);
  assert.ok((await events(page)).some((e) => e.name === 'IDENTITY_VERIFICATION_PENDING_REVIEW_SESSION'));
  await page.close();
  const { data: idv } = await client.identityVerificationGet({ identity_verification_id: r.metadata.link_session_id });
  assert.equal(idv.status, 'pending_review');
  assert.equal(idv.steps.watchlist_screening, 'pending_review');
  const { data: hits } = await client.watchlistScreeningIndividualHitList({ watchlist_screening_id: idv.watchlist_screening_id });
  assert.ok(hits.watchlist_screening_hits.some((h) => h.list_code === 'US_SDN'));
});
