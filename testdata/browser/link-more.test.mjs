// The Link page beyond the login: OAuth by redirect and by popup, the SDK's
// exit/destroy and createEmbedded, a token that leaves no bank, a 360 px
// screen, logos, the page on its own, and react-plaid-link offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { emu, plaid, linkToken, openLink, result, events, shot, checkEvents, assertSuccessMetadata, assertExit,
  start, stop, browser, appURL, LINK } from './harness.mjs';

before(start);
after(stop);

async function toBank(frame, bank) {
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('button', { name: bank }).click();
}

test('an OAuth bank with redirect_uri: the whole window goes to the bank, which names the app, and comes back', async () => {
  const token = await linkToken({ redirect_uri: appURL + 'oauth-return' });
  const { page, frame } = await openLink(token);
  await toBank(frame, 'Platypus OAuth Bank');
  await frame.getByRole('heading', { name: 'Continue to Platypus OAuth Bank' }).waitFor();
  await shot(frame, 'link-oauth');
  const before = checkEvents(await events(page));
  assert.deepEqual(before.slice(-2), ['SELECT_INSTITUTION', 'TRANSITION_VIEW:OAUTH']);
  await frame.getByRole('button', { name: 'Continue to login' }).click();
  await page.waitForURL(/\/_emulator\/oauth\/authorize/);
  await page.getByText('Browser App asks to read your accounts at Platypus OAuth Bank through Plaid').waitFor();
  await page.getByRole('checkbox', { name: /Plaid Saving/ }).uncheck(); // chosen at the bank: /sandbox/oauth/select_accounts
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL((u) => u.pathname === '/oauth-return');
  assert.match(page.url(), /oauth_state_id=oauth-state-/);
  const f2 = page.frameLocator(LINK);
  await f2.getByRole('heading', { name: 'Select account(s)' }).waitFor();
  assert.equal(await f2.getByRole('checkbox', { name: /Plaid Saving/ }).count(), 0, 'Link offers only what the bank shared');
  assert.ok(await f2.getByRole('checkbox', { name: /Plaid Checking/ }).count() > 0);
  await f2.getByRole('button', { name: 'Continue' }).click();
  await f2.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  assertSuccessMetadata(r.metadata);
  assert.deepEqual(r.metadata.institution, { name: 'Platypus OAuth Bank', institution_id: 'ins_127287' });
  assert.ok(!r.metadata.accounts.some((a) => a.name === 'Plaid Saving'), 'the account left at the bank is not shared');
  const after = checkEvents(await events(page));
  assert.deepEqual(after, ['TRANSITION_VIEW:LOADING', 'TRANSITION_VIEW:SELECT_ACCOUNT', 'TRANSITION_VIEW:LOADING', 'TRANSITION_VIEW:CONNECTED', 'HANDOFF']);
  const lt = await plaid('/link/token/get', { link_token: token });
  assert.equal(lt.link_sessions.at(-1).link_session_id, r.metadata.link_session_id);
  await plaid('/item/public_token/exchange', { public_token: r.public_token });
  await page.close();
});

test('an OAuth bank without redirect_uri opens in a popup; allow, then deny (CLOSE_OAUTH)', async () => {
  const { page, frame } = await openLink(await linkToken());
  await toBank(frame, 'Platypus OAuth Bank');
  let popup = page.waitForEvent('popup');
  await frame.getByRole('button', { name: 'Continue to login' }).click();
  let bank = await popup;
  await bank.getByRole('button', { name: 'Allow' }).click();
  await frame.getByRole('heading', { name: 'Select account(s)' }).waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assertSuccessMetadata(r.metadata);
  assert.equal(r.metadata.institution.name, 'Platypus OAuth Bank');
  const seq = checkEvents(await events(page));
  assert.deepEqual(seq.slice(4, 8), ['TRANSITION_VIEW:OAUTH', 'OPEN_OAUTH', 'TRANSITION_VIEW:LOADING', 'TRANSITION_VIEW:SELECT_ACCOUNT']);
  await page.close();

  const second = await openLink(await linkToken());
  await toBank(second.frame, 'Platypus OAuth Bank');
  popup = second.page.waitForEvent('popup');
  await second.frame.getByRole('button', { name: 'Continue to login' }).click();
  bank = await popup;
  await bank.getByRole('button', { name: 'Deny' }).click();
  await second.frame.getByText('You did not allow access at Platypus OAuth Bank.').waitFor();
  await second.frame.getByRole('button', { name: 'Close' }).click();
  const r2 = await result(second.page);
  assertExit(r2);
  assert.equal(r2.error, null);
  assert.equal(r2.metadata.status, 'requires_oauth');
  assert.deepEqual(r2.metadata.institution, { name: 'Platypus OAuth Bank', institution_id: 'ins_127287' });
  assert.deepEqual(checkEvents(await events(second.page)).slice(-4), ['OPEN_OAUTH', 'CLOSE_OAUTH', 'TRANSITION_VIEW:OAUTH', 'EXIT']);
  await second.page.close();
});

test('handler.exit(): with force at once; without, Link asks first; on the success pane it hands off', async () => {
  let { page, frame } = await openLink(await linkToken());
  await frame.getByRole('heading', { name: /uses Plaid/ }).waitFor();
  await page.evaluate(() => window.handler.exit({ force: true }));
  let r = await result(page);
  assertExit(r);
  assert.equal(r.error, null);
  assert.equal(await page.locator('iframe').count(), 0);
  await page.close();

  ({ page, frame } = await openLink(await linkToken()));
  await toBank(frame, 'Tartan Bank');
  await frame.getByRole('heading', { name: 'Log in to Tartan Bank' }).waitFor();
  await page.evaluate(() => window.handler.exit());
  await frame.getByRole('heading', { name: 'Are you sure you want to exit?' }).waitFor();
  await shot(frame, 'link-exit');
  await frame.getByRole('button', { name: 'Go back' }).click();
  await frame.getByRole('heading', { name: 'Log in to Tartan Bank' }).waitFor();
  await page.evaluate(() => window.handler.exit());
  await frame.getByRole('button', { name: 'Yes, exit' }).click();
  r = await result(page);
  assertExit(r);
  assert.equal(r.metadata.status, 'requires_credentials');
  assert.deepEqual(checkEvents(await events(page)).slice(-4), ['TRANSITION_VIEW:EXIT', 'TRANSITION_VIEW:CREDENTIAL', 'TRANSITION_VIEW:EXIT', 'EXIT']);
  await page.close();

  ({ page, frame } = await openLink(await linkToken()));
  await toBank(frame, 'Tartan Bank');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('heading', { name: 'Success' }).waitFor();
  await page.evaluate(() => window.handler.exit());
  r = await result(page);
  assert.equal(r.kind, 'success', 'exit on the success pane calls onSuccess');
  await page.close();
});

test('handler.destroy() removes Link without a callback, and open() then does nothing', async () => {
  const { page, frame } = await openLink(await linkToken());
  await frame.getByRole('heading', { name: /uses Plaid/ }).waitFor();
  await page.evaluate(() => window.handler.destroy());
  assert.equal(await page.locator('iframe').count(), 0);
  await page.evaluate(() => window.handler.open());
  assert.equal(await page.locator('iframe').count(), 0);
  assert.equal(await page.evaluate(() => window.result), undefined);
  await page.close();
});

test('Plaid.createEmbedded renders Link inside the given element', async () => {
  const page = await browser.newPage();
  await page.goto(appURL + '?token=' + encodeURIComponent(await linkToken()));
  await page.evaluate(() => { window.embedded = Plaid.createEmbedded(window.config, document.getElementById('slot')); });
  const frame = page.frameLocator('#slot ' + LINK);
  await frame.getByRole('heading', { name: /uses Plaid/ }).waitFor();
  const box = await page.locator('#slot iframe').boundingBox();
  assert.deepEqual([Math.round(box.width), Math.round(box.height)], [360, 560]);
  await page.evaluate(() => window.embedded.destroy());
  assert.equal(await page.locator('#slot iframe').count(), 0);
  await page.close();
});

test('a token whose country leaves no bank shows so, and nothing else', async () => {
  const { page, frame } = await openLink(await linkToken({ country_codes: ['PL'] }));
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByText('No institutions are available for this link token').waitFor();
  assert.equal(await frame.locator('.tile').count(), 0);
  await shot(frame, 'link-no-institutions');
  await page.close();
});

test('at 360 px wide every pane fits, full-screen, with nothing cut sideways', async () => {
  const { page, frame } = await openLink(await linkToken(), { width: 360, height: 640 });
  const fits = () => frame.locator('#card').evaluate((c) => {
    const r = c.getBoundingClientRect();
    const panes = [...c.querySelectorAll('.pane:not([hidden]) *')];
    return r.width === 360 && panes.every((n) => n.getBoundingClientRect().right <= 360.5) && c.scrollWidth <= c.clientWidth;
  });
  await frame.getByRole('heading', { name: /uses Plaid/ }).waitFor();
  assert.ok(await fits(), 'consent pane');
  await toBank(frame, 'First Platypus Bank');
  await frame.getByRole('heading', { name: 'Log in to First Platypus Bank' }).waitFor();
  assert.ok(await fits(), 'login pane');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('heading', { name: 'Select account(s)' }).waitFor();
  assert.ok(await fits(), 'accounts pane');
  await shot(frame, 'link-mobile-accounts');
  await page.close();
});

test('each bank\'s logo is the image /institutions/get_by_id returns', async () => {
  const { page, frame } = await openLink(await linkToken());
  await frame.getByRole('button', { name: 'Continue' }).click();
  const img = frame.locator('.tile[data-institution-id="ins_109511"] img');
  await img.waitFor();
  assert.ok(await img.evaluate((i) => i.complete && i.naturalWidth === 96), 'the logo loaded');
  const src = await img.evaluate((i) => i.src);
  const served = Buffer.from(await (await fetch(src)).arrayBuffer()).toString('base64');
  const inst = await plaid('/institutions/get_by_id', { institution_id: 'ins_109511', country_codes: ['US'], options: { include_optional_metadata: true } });
  assert.equal(served, inst.institution.logo);
  await page.close();
});

test('an unknown link token: the page says so and onExit carries INVALID_LINK_TOKEN', async () => {
  const { page, frame } = await openLink('link-sandbox-00000000-0000-0000-0000-000000000000');
  await frame.getByRole('heading', { name: 'Something went wrong' }).waitFor();
  await frame.getByRole('button', { name: 'Exit' }).click();
  const r = await result(page);
  assertExit(r);
  assert.equal(r.error.error_code, 'INVALID_LINK_TOKEN');
  await page.close();
});

test('the page works on its own: it shows the public token', async () => {
  const page = await browser.newPage();
  await page.goto(emu + '/_emulator/link/ui?link_token=' + encodeURIComponent(await linkToken()));
  await toBank(page, 'Houndstooth Bank');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#public-token').waitFor({ state: 'visible' });
  const tok = await page.locator('#public-token').textContent();
  assert.match(tok, /^public-sandbox-/);
  await plaid('/item/public_token/exchange', { public_token: tok });
  await page.close();
});

test('react-plaid-link 5.0.0 works unchanged, and no request leaves loopback', async () => {
  const page = await browser.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  page.on('pageerror', (e) => { throw e; });
  await page.goto(appURL + 'react?token=' + encodeURIComponent(await linkToken()));
  await page.locator('#connect:not([disabled])').click();
  const frame = page.frameLocator(LINK);
  await toBank(frame, 'First Platypus Bank');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  assertSuccessMetadata(r.metadata);
  checkEvents(await events(page));
  assert.equal(await page.evaluate(() => window.loadError), undefined);
  const away = requested.filter((u) => !/^(https?:\/\/127\.0\.0\.1[:/]|data:|about:|blob:)/.test(u));
  assert.deepEqual(away, [], 'requests that left loopback');
  assert.ok(requested.length > 5, `${requested.length} requests seen`);
  await plaid('/item/public_token/exchange', { public_token: r.public_token });
  await page.close();
});
