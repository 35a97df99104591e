// The drop-in Link page in a real browser. A Go test (emulator/browser_test.go)
// starts the emulator and sets PLAID_EMULATOR_URL. This script serves a small
// web app on another origin that loads link-initialize.js from the emulator,
// as an app would load Plaid's from cdn.plaid.com, and drives it in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const emu = process.env.PLAID_EMULATOR_URL;
assert.ok(emu, 'PLAID_EMULATOR_URL must be set');
const keys = { 'PLAID-CLIENT-ID': 'browser_client', 'PLAID-SECRET': 'browser_secret', 'Content-Type': 'application/json' };

async function plaid(path, body) {
  const r = await fetch(emu + path, { method: 'POST', headers: keys, body: JSON.stringify(body) });
  const j = await r.json();
  if (!r.ok) throw new Error(`${path}: ${r.status} ${JSON.stringify(j)}`);
  return j;
}

async function linkToken(extra = {}) {
  const lt = await plaid('/link/token/create', { client_name: 'Browser App', language: 'en', country_codes: ['US'],
    user: { client_user_id: 'browser-user' }, products: ['auth'], ...extra });
  return lt.link_token;
}

// The app: one button, Plaid.create with every callback recording into window.result.
const appPage = (token) => `<!doctype html><html><head><meta charset="utf-8">
<script src="${emu}/link/v2/stable/link-initialize.js"></script></head><body>
<button id="connect">Connect a bank</button>
<script>
  localStorage.setItem('link_token', ${JSON.stringify(token)}); // for the return from an OAuth bank
  window.events = [];
  const handler = Plaid.create({
    token: ${JSON.stringify(token)},
    onLoad: () => { window.loaded = true; },
    onEvent: (name, md) => window.events.push({ name, md }),
    onSuccess: (public_token, metadata) => { window.result = { kind: 'success', public_token, metadata }; },
    onExit: (error, metadata) => { window.result = { kind: 'exit', error, metadata }; },
  });
  window.handler = handler;
  document.getElementById('connect').onclick = () => handler.open();
</script></body></html>`;

// Where an OAuth bank sends the user back: the app opens Link again with the
// link token it kept and receivedRedirectUri, as Plaid's docs say.
const returnPage = () => `<!doctype html><html><head><meta charset="utf-8">
<script src="${emu}/link/v2/stable/link-initialize.js"></script></head><body>
<script>
  window.events = [];
  const handler = Plaid.create({
    token: localStorage.getItem('link_token'),
    receivedRedirectUri: window.location.href,
    onEvent: (name, md) => window.events.push({ name, md }),
    onSuccess: (public_token, metadata) => { window.result = { kind: 'success', public_token, metadata }; },
    onExit: (error, metadata) => { window.result = { kind: 'exit', error, metadata }; },
  });
  handler.open();
</script></body></html>`;

// The same app written with react-plaid-link (UMD builds, no bundler): the
// page loads the emulator's script, and react-plaid-link must use it
// rather than fetch cdn.plaid.com.
const reactPage = (token) => `<!doctype html><html><head><meta charset="utf-8">
<script src="${emu}/link/v2/stable/link-initialize.js"></script>
<script src="/vendor/react.js"></script><script src="/vendor/react-dom.js"></script>
<script src="/vendor/react-plaid-link.js"></script></head><body><div id="root"></div>
<script>
  window.events = [];
  function App() {
    const { open, ready, error } = PlaidLink.usePlaidLink({
      token: ${JSON.stringify(token)},
      onEvent: (name, md) => window.events.push({ name, md }),
      onSuccess: (public_token, metadata) => { window.result = { kind: 'success', public_token, metadata }; },
      onExit: (error, metadata) => { window.result = { kind: 'exit', error, metadata }; },
    });
    if (error) window.loadError = String(error);
    return React.createElement('button', { id: 'connect', disabled: !ready, onClick: () => open() }, 'Connect a bank');
  }
  ReactDOM.createRoot(document.getElementById('root')).render(React.createElement(App));
</script></body></html>`;

const vendor = {
  '/vendor/react.js': 'node_modules/react/umd/react.production.min.js',
  '/vendor/react-dom.js': 'node_modules/react-dom/umd/react-dom.production.min.js',
  '/vendor/react-plaid-link.js': 'node_modules/react-plaid-link/dist/index.umd.js',
};

let app, appURL, browser;
before(async () => {
  app = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (vendor[u.pathname]) {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(readFileSync(vendor[u.pathname]));
      return;
    }
    const token = u.searchParams.get('token') || '';
    res.writeHead(200, { 'Content-Type': 'text/html' });
    const pages = { '/react': reactPage, '/oauth-return': returnPage };
    res.end((pages[u.pathname] || appPage)(token));
  });
  await new Promise((r) => app.listen(0, '127.0.0.1', r));
  appURL = `http://127.0.0.1:${app.address().port}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  await browser?.close();
  app?.close();
});

async function openLink(token) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => { throw e; });
  await page.goto(appURL + '?token=' + encodeURIComponent(token));
  await page.waitForFunction(() => window.loaded === true);
  await page.click('#connect');
  const frame = page.frameLocator('iframe[title="Plaid Link (plaid-emulator)"]');
  return { page, frame };
}

const result = (page) => page.waitForFunction(() => window.result).then(() => page.evaluate(() => window.result));

test('pick a bank, log in, onSuccess gives a public token the server can exchange', async () => {
  const token = await linkToken();
  const { page, frame } = await openLink(token);
  await frame.getByLabel('Search').fill('platypus');
  await frame.getByRole('button', { name: 'First Platypus Bank' }).click();
  await frame.getByRole('heading', { name: 'Log in to First Platypus Bank' }).waitFor();
  await frame.getByLabel('Username').fill('user_good');
  await frame.getByLabel('Password').fill('pass_good');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('heading', { name: 'Select account(s)' }).waitFor();
  assert.equal(await frame.getByRole('checkbox', { checked: true }).count(), await frame.getByRole('checkbox').count());
  await frame.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  assert.match(r.public_token, /^public-sandbox-/);
  assert.equal(r.metadata.institution.institution_id, 'ins_109508');
  assert.equal(r.metadata.institution.name, 'First Platypus Bank');
  assert.ok(r.metadata.accounts.length > 0, 'accounts in metadata');
  assert.ok(r.metadata.accounts.every((a) => ['checking', 'savings', 'cash management'].includes(a.subtype)), 'auth offers depository accounts');
  const events = await page.evaluate(() => window.events);
  const names = events.map((e) => e.name);
  assert.ok(events.some((e) => e.name === 'TRANSITION_VIEW' && e.md.view_name === 'SELECT_ACCOUNT'), 'account selection view');
  for (const want of ['OPEN', 'SELECT_INSTITUTION', 'SUBMIT_CREDENTIALS', 'HANDOFF']) {
    assert.ok(names.includes(want), `event ${want} in ${names}`);
  }
  assert.ok(events.every((e) => e.md.link_session_id === r.metadata.link_session_id), 'one link_session_id throughout');
  assert.equal(await page.locator('iframe').count(), 0, 'Link closes after success');

  // The app's server side: exchange, then read the accounts Link showed.
  const ex = await plaid('/item/public_token/exchange', { public_token: r.public_token });
  const accts = await plaid('/accounts/get', { access_token: ex.access_token });
  for (const a of r.metadata.accounts) {
    assert.ok(accts.accounts.some((x) => x.account_id === a.id && x.mask === a.mask), `account ${a.id} exists`);
  }
  const lt = await plaid('/link/token/get', { link_token: token });
  assert.equal(lt.link_sessions[0].link_session_id, r.metadata.link_session_id);
  await page.close();
});

test('sharing one account: metadata and the Item have only that one', async () => {
  const { page, frame } = await openLink(await linkToken());
  await frame.getByRole('button', { name: 'First Platypus Bank' }).click();
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('heading', { name: 'Select account(s)' }).waitFor();
  const boxes = frame.getByRole('checkbox');
  const n = await boxes.count();
  assert.ok(n >= 2, `${n} accounts offered`);
  for (let i = 0; i < n; i++) {
    if (!(await boxes.nth(i).evaluate((el) => el.value === 'Plaid Saving'))) await boxes.nth(i).uncheck();
  }
  await frame.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  assert.deepEqual(r.metadata.accounts.map((a) => [a.name, a.mask, a.subtype]), [['Plaid Saving', '1111', 'savings']]);
  const ex = await plaid('/item/public_token/exchange', { public_token: r.public_token });
  const accts = await plaid('/accounts/get', { access_token: ex.access_token });
  assert.deepEqual(accts.accounts.map((a) => a.account_id), [r.metadata.accounts[0].id]);
  await page.close();
});

test('no account chosen: Continue is disabled', async () => {
  const { page, frame } = await openLink(await linkToken());
  await frame.getByRole('button', { name: 'Tartan Bank' }).click();
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('heading', { name: 'Select account(s)' }).waitFor();
  const boxes = frame.getByRole('checkbox');
  for (let i = 0, n = await boxes.count(); i < n; i++) await boxes.nth(i).uncheck();
  assert.equal(await frame.getByRole('button', { name: 'Continue' }).isDisabled(), true);
  await boxes.first().check();
  assert.equal(await frame.getByRole('button', { name: 'Continue' }).isDisabled(), false);
  await page.close();
});

test('wrong password shows the error; closing calls onExit with it', async () => {
  const { page, frame } = await openLink(await linkToken());
  await frame.getByRole('button', { name: 'Tartan Bank' }).click();
  await frame.getByLabel('Password').fill('wrong');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('alert').filter({ hasText: /credentials|password/i }).waitFor();
  await frame.getByRole('button', { name: 'Close' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'exit');
  assert.equal(r.error.error_code, 'INVALID_CREDENTIALS');
  assert.equal(r.error.error_type, 'ITEM_ERROR');
  assert.equal(r.metadata.institution.institution_id, 'ins_109511');
  assert.equal(r.metadata.status, 'requires_credentials');
  const names = (await page.evaluate(() => window.events)).map((e) => e.name);
  assert.ok(names.includes('ERROR') && names.at(-1) === 'EXIT', `events ${names}`);
  await page.close();
});

test('update mode goes straight to the login and repairs the Item', async () => {
  const pt = await plaid('/sandbox/public_token/create', { institution_id: 'ins_109508', initial_products: ['auth'] });
  const { access_token } = await plaid('/item/public_token/exchange', { public_token: pt.public_token });
  await plaid('/sandbox/item/reset_login', { access_token });
  const token = await linkToken({ access_token, products: undefined });
  const { page, frame } = await openLink(token);
  await frame.getByRole('heading', { name: 'Log in to First Platypus Bank' }).waitFor();
  await frame.getByRole('button', { name: 'Submit' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  const item = await plaid('/item/get', { access_token });
  assert.equal(item.item.error, null);
  await page.close();
});

test('handler.exit() closes Link and calls onExit with no error', async () => {
  const { page, frame } = await openLink(await linkToken());
  await frame.getByRole('button', { name: 'First Platypus Bank' }).waitFor();
  await page.evaluate(() => window.handler.exit({ force: true }));
  const r = await result(page);
  assert.equal(r.kind, 'exit');
  assert.equal(r.error, null);
  assert.equal(await page.locator('iframe').count(), 0);
  await page.close();
});

test('an unknown link token: the page says so and onExit carries INVALID_LINK_TOKEN', async () => {
  const { page, frame } = await openLink('link-sandbox-00000000-0000-0000-0000-000000000000');
  await frame.getByRole('heading', { name: 'Something went wrong' }).waitFor();
  await frame.getByRole('button', { name: 'Close' }).click();
  const r = await result(page);
  assert.equal(r.error.error_code, 'INVALID_LINK_TOKEN');
  await page.close();
});

test('the page works on its own: it shows the public token', async () => {
  const page = await browser.newPage();
  await page.goto(emu + '/_emulator/link/ui?link_token=' + encodeURIComponent(await linkToken({ institution_id: undefined })));
  await page.getByRole('button', { name: 'Houndstooth Bank' }).click();
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#public-token').waitFor({ state: 'visible' });
  const tok = await page.locator('#public-token').textContent();
  assert.match(tok, /^public-sandbox-/);
  await plaid('/item/public_token/exchange', { public_token: tok });
  await page.close();
});

test('react-plaid-link uses the emulator\'s Plaid and never fetches cdn.plaid.com', async () => {
  const page = await browser.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  page.on('pageerror', (e) => { throw e; });
  await page.goto(appURL + 'react?token=' + encodeURIComponent(await linkToken()));
  await page.locator('#connect:not([disabled])').click();
  const frame = page.frameLocator('iframe[title="Plaid Link (plaid-emulator)"]');
  await frame.getByRole('button', { name: 'First Platypus Bank' }).click();
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  assert.match(r.public_token, /^public-sandbox-/);
  assert.equal(await page.evaluate(() => window.loadError), undefined);
  assert.deepEqual(requested.filter((u) => u.includes('cdn.plaid.com')), []);
  await plaid('/item/public_token/exchange', { public_token: r.public_token });
  await page.close();
});

test('an OAuth bank with redirect_uri: the whole window goes to the bank and comes back', async () => {
  const token = await linkToken({ redirect_uri: appURL + 'oauth-return' });
  const { page, frame } = await openLink(token);
  await frame.getByRole('button', { name: 'Platypus OAuth Bank' }).click();
  await frame.getByRole('heading', { name: 'Continue to Platypus OAuth Bank' }).waitFor();
  await frame.getByRole('button', { name: 'Continue to login' }).click();
  await page.waitForURL(/\/_emulator\/oauth\/authorize/);
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL((u) => u.pathname === '/oauth-return');
  assert.match(page.url(), /oauth_state_id=oauth-state-/);
  const f2 = page.frameLocator('iframe[title="Plaid Link (plaid-emulator)"]');
  await f2.getByRole('heading', { name: 'Select account(s)' }).waitFor();
  await f2.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  assert.equal(r.metadata.institution.institution_id, 'ins_127287');
  const lt = await plaid('/link/token/get', { link_token: token });
  assert.equal(lt.link_sessions.at(-1).link_session_id, r.metadata.link_session_id);
  await plaid('/item/public_token/exchange', { public_token: r.public_token });
  await page.close();
});

test('an OAuth bank without redirect_uri opens in a popup; allow, then deny', async () => {
  const { page, frame } = await openLink(await linkToken());
  await frame.getByRole('button', { name: 'Platypus OAuth Bank' }).click();
  let popup = page.waitForEvent('popup');
  await frame.getByRole('button', { name: 'Continue to login' }).click();
  let bank = await popup;
  await bank.getByRole('button', { name: 'Allow' }).click();
  await frame.getByRole('heading', { name: 'Select account(s)' }).waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  assert.equal(r.metadata.institution.name, 'Platypus OAuth Bank');
  await page.close();

  const second = await openLink(await linkToken());
  await second.frame.getByRole('button', { name: 'Platypus OAuth Bank' }).click();
  popup = second.page.waitForEvent('popup');
  await second.frame.getByRole('button', { name: 'Continue to login' }).click();
  bank = await popup;
  await bank.getByRole('button', { name: 'Deny' }).click();
  const r2 = await result(second.page);
  assert.equal(r2.kind, 'exit');
  assert.equal(r2.error, null);
  assert.equal(r2.metadata.status, 'requires_oauth');
  assert.equal(r2.metadata.institution.institution_id, 'ins_127287');
  await second.page.close();
});
