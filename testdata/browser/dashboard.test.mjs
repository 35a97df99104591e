// The dashboard in a real browser: an Item linked headlessly is listed and
// opened with its transactions; resetting its login shows the ITEM webhook
// live in the webhook list with its attempts; it is redelivered; the
// journal is filtered to the Item; the clock advances; a scenario toggles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { join } from 'node:path';
import { plaid, linkToken, start, stop, browser, shotDir } from './harness.mjs';

const direct = process.env.PLAID_EMULATOR_DIRECT_URL || process.env.PLAID_EMULATOR_URL;
let hooks, hookURL;
const received = [];
before(async () => {
  await start();
  hooks = http.createServer((req, res) => { let b = ''; req.on('data', (c) => { b += c; }); req.on('end', () => { received.push(JSON.parse(b)); res.end('ok'); }); });
  await new Promise((r) => hooks.listen(0, '127.0.0.1', r));
  hookURL = `http://127.0.0.1:${hooks.address().port}/hooks`;
});
after(async () => { hooks?.close(); await stop(); });

const shot = (page, name) => page.screenshot({ path: join(shotDir, name + '.jpg'), type: 'jpeg', quality: 40 }); // small enough to commit
const until = async (what, cond) => {
  for (let i = 0; i < 200; i++) { if (await cond()) return; await new Promise((r) => setTimeout(r, 50)); }
  assert.fail('not within 10 s: ' + what);
};

test('the dashboard: Items, an Item, live webhooks, the journal, the clock and scenarios', async () => {
  const lt = await linkToken({ products: ['transactions'], webhook: hookURL });
  const done = await (await fetch(direct + '/_emulator/link/complete', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ link_token: lt, username: 'user_transactions_dynamic', password: 'any' }) })).json();
  const { item_id: itemID } = await plaid('/item/public_token/exchange', { public_token: done.public_token });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => { throw e; });
  page.on('dialog', (d) => d.accept());
  await page.goto(direct + '/');
  await page.getByRole('heading', { name: 'Items' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: itemID });
  await row.waitFor();
  assert.match(await row.textContent(), /First Platypus Bank/);
  await page.getByLabel('Search Items').fill('no-such-item');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByText('Nothing yet.').waitFor();
  await page.getByLabel('Search Items').fill(itemID.slice(0, 10));
  await page.getByRole('button', { name: 'Search' }).click();
  await row.waitFor();
  await shot(page, 'dashboard-items');

  // The webhook list, open in its own tab, sees the reset's webhook arrive.
  const live = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await live.goto(direct + '/#/webhooks');
  await live.getByRole('heading', { name: 'Webhooks' }).waitFor();
  await live.locator('details.entry').first().waitFor(); // the Item's first webhooks

  await row.click();
  await page.getByRole('heading', { name: new RegExp(itemID) }).waitFor();
  const txTable = page.getByRole('table', { name: 'Transactions' });
  await txTable.waitFor();
  assert.ok(await txTable.getByRole('row').count() > 5, 'transactions listed');
  const first = await (await fetch(direct + '/_emulator/items/' + itemID + '/call', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ path: '/transactions/get', body: { start_date: '2000-01-01', end_date: '2100-01-01', options: { count: 25 } } }) })).json();
  const pending = first.body.transactions.filter((t) => t.pending).length;
  assert.ok(pending > 0, 'the dynamic user has pending rows');
  assert.equal(await txTable.getByText('pending', { exact: true }).count(), pending, 'pending rows marked');
  // Add a transaction: it is listed after the page reloads its data.
  await page.getByLabel('Description').fill('Dashboard test row');
  await page.getByRole('button', { name: 'Add a transaction' }).click();
  await page.getByRole('table', { name: 'Transactions' }).getByText('Dashboard test row').waitFor();
  await shot(page, 'dashboard-item');
  const before = received.length;
  await page.getByRole('button', { name: 'Reset login' }).click();
  await page.getByText('ITEM_LOGIN_REQUIRED').first().waitFor();
  const entry = live.locator('details.entry').filter({ hasText: 'ITEM ERROR' });
  await entry.waitFor(); // no reload: the stream brought it
  await until('the ITEM webhook is delivered', () => received.slice(before).some((w) => w.webhook_type === 'ITEM'));
  await entry.locator('summary strong').click();
  await entry.getByRole('table', { name: 'Attempts' }).getByText('200').waitFor();
  await entry.getByLabel('JWT').waitFor();
  assert.match(await entry.getByLabel('JWT').textContent(), /request_body_sha256/);
  await shot(live, 'dashboard-webhooks');
  const n = received.length;
  await entry.getByRole('button', { name: 'Redeliver' }).click();
  await until('the redelivery arrives', () => received.length > n && received.at(-1).webhook_type === 'ITEM');
  await live.locator('details.entry').filter({ hasText: 'ITEM ERROR' }).nth(1).waitFor(); // the redelivery, live too
  await live.close();

  // The journal, filtered to the Item; a request links to what it caused.
  await page.goto(direct + '/#/requests?item_id=' + itemID);
  const reset = page.locator('details.entry').filter({ hasText: '/sandbox/item/reset_login' });
  await reset.waitFor();
  assert.equal(await page.locator('details.entry').filter({ hasNotText: itemID }).count(), 0, 'only the Item\'s requests');
  await reset.locator('summary strong').click();
  await reset.getByText('ITEM ERROR').waitFor();
  await shot(page, 'dashboard-requests');

  // The clock and a scenario.
  await page.goto(direct + '/#/control');
  const now = await page.locator('#clock-now').textContent();
  await page.getByLabel('Advance by').fill('48h');
  await page.getByRole('button', { name: 'Advance' }).click();
  await until('the clock moves 48 h', async () => {
    const t = await page.locator('#clock-now').textContent().catch(() => now);
    return Date.parse(t) - Date.parse(now) >= 48 * 3600e3;
  });
  const scen = page.getByRole('row').filter({ hasText: 'institution-down' });
  await scen.getByRole('button', { name: 'Activate' }).click();
  await page.getByRole('row').filter({ hasText: 'institution-down' }).getByRole('button', { name: 'Deactivate' }).waitFor();
  const active = await (await fetch(direct + '/_emulator/scenarios')).json();
  assert.ok(active.active.some((a) => a.scenario === 'institution-down'), 'the scenario is on');
  await shot(page, 'dashboard-control');
  await page.getByRole('row').filter({ hasText: 'institution-down' }).getByRole('button', { name: 'Deactivate' }).click();
  await page.getByRole('row').filter({ hasText: 'institution-down' }).getByRole('button', { name: 'Activate' }).waitFor();

  // Keyboard and a narrow window: the nav and rows are reachable by Tab.
  await page.setViewportSize({ width: 380, height: 760 });
  await page.goto(direct + '/#/items');
  await page.reload(); // focus starts at the top of a fresh page
  await page.getByRole('row').filter({ hasText: itemID }).waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scroll at 380 px');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'plaid-emulator');
  const row2 = page.getByRole('row').filter({ hasText: itemID });
  await row2.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: new RegExp(itemID) }).waitFor();
  await shot(page, 'dashboard-narrow');
  await page.close();
});

test('the dashboard: a Plaid user with its Items, Bank Income reports and payroll Items', async () => {
  const made = await fetch(direct + '/user/create', { method: 'POST', headers: { 'Content-Type': 'application/json', 'PLAID-CLIENT-ID': 'browser_client',
    'PLAID-SECRET': 'browser_secret' }, body: JSON.stringify({ client_user_id: 'dash-user' }) });
  const { user_id: uid } = await made.json();
  for (const [inst, login, source] of [['ins_109508', ['user_bank_income', '{}'], 'bank'], ['ins_92', ['test-good', 'test'], 'payroll']]) {
    await plaid('/sandbox/public_token/create', { institution_id: inst, initial_products: ['income_verification'], user_id: uid,
      options: { override_username: login[0], override_password: login[1], income_verification: { income_source_types: [source] } } });
  }
  await plaid('/cra/check_report/create', { user_id: uid, webhook: 'http://127.0.0.1:9/hook', days_requested: 180,
    consumer_report_permissible_purpose: 'EXTENSION_OF_CREDIT' });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => { throw e; });
  await page.goto(direct + '/#/users');
  await page.getByRole('heading', { name: 'Plaid users' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: uid });
  assert.match(await row.textContent(), /dash-user/);
  await row.click();
  await page.getByRole('heading', { name: uid }).waitFor();
  const items = page.getByRole('table', { name: 'Items' });
  await items.getByRole('row').filter({ hasText: 'First Platypus Bank' }).waitFor();
  await items.getByRole('row').filter({ hasText: 'ADP' }).waitFor();
  const reports = page.getByRole('table', { name: 'Bank Income reports' });
  await reports.getByRole('row').nth(1).waitFor();
  assert.equal(await reports.getByRole('row').count(), 2, 'one report and the header');
  assert.match(await page.getByRole('table', { name: 'Payroll Items' }).textContent(), /payroll_digital_income.*PROCESSING_COMPLETE/);
  assert.match(await page.getByRole('table', { name: 'Consumer Reports' }).textContent(), /(GENERATING|READY).*cra_base_report/);
  await shot(page, 'dashboard-user');
  await items.getByRole('row').filter({ hasText: 'ADP' }).click();
  await page.getByRole('heading', { name: /ADP|item/i }).first().waitFor();
  await page.close();
});

test('the dashboard: Identity Verification sessions and Monitor screenings', async () => {
  await plaid('/identity_verification/create', { client_user_id: 'dash-idv', template_id: 'idvtmp_dashboard01', gave_consent: true, is_shareable: false });
  await plaid('/watchlist_screening/individual/create', { search_terms: { watchlist_program_id: 'prg_sandbox_default', legal_name: 'Joseph Kony' } });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => { throw e; });
  await page.goto(direct + '/#/verification');
  await page.getByRole('heading', { name: 'Verification', exact: true }).waitFor();
  const sessions = page.getByRole('table', { name: 'Identity Verification sessions' });
  assert.match(await sessions.getByRole('row').filter({ hasText: 'dash-idv' }).textContent(), /idvtmp_dashboard01.*active.*verify_sms: active/);
  const screenings = page.getByRole('table', { name: 'Monitor screenings' });
  assert.match(await screenings.getByRole('row').filter({ hasText: 'Joseph Kony' }).textContent(), /individual.*pending_review\s*2/);
  await shot(page, 'dashboard-verification');
  await page.close();
});

test('the dashboard: a reviewer rejects a screening and cancels a session', async () => {
  const s = await plaid('/watchlist_screening/individual/create', { search_terms: { watchlist_program_id: 'prg_sandbox_default', legal_name: 'Jianshu Zhou' } });
  const v = await plaid('/identity_verification/create', { client_user_id: 'dash-cancel', template_id: 'idvtmp_dashboard02', gave_consent: true, is_shareable: false });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => { throw e; });
  await page.goto(direct + '/#/verification/' + s.id);
  await page.getByRole('heading', { name: 'Jianshu Zhou' }).waitFor();
  await page.getByRole('table', { name: 'Hits' }).getByRole('row').filter({ hasText: 'US_SDN' }).waitFor();
  await page.getByRole('button', { name: 'Set rejected' }).click();
  await page.getByRole('button', { name: 'Set cleared' }).waitFor();
  assert.equal((await plaid('/watchlist_screening/individual/get', { watchlist_screening_id: s.id })).status, 'rejected');
  await page.goto(direct + '/#/verification/' + v.id);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('table', { name: 'Steps' }).getByRole('row').filter({ hasText: 'verify_sms' }).filter({ hasText: 'canceled' }).waitFor();
  assert.equal((await plaid('/identity_verification/get', { identity_verification_id: v.id })).status, 'canceled');
  await page.close();
});
