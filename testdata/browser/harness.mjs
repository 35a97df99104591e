// What the Link browser tests share: the emulator's Plaid API, a small web
// app on another origin that loads link-initialize.js from the emulator (as
// an app loads Plaid's from cdn.plaid.com), Chromium, screenshots, and the
// checks of Plaid's callback shapes and onEvent metadata.
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const emu = process.env.PLAID_EMULATOR_URL;
assert.ok(emu, 'PLAID_EMULATOR_URL must be set');
const keys = { 'PLAID-CLIENT-ID': 'browser_client', 'PLAID-SECRET': 'browser_secret', 'Content-Type': 'application/json' };

export async function plaid(path, body) {
  const r = await fetch(emu + path, { method: 'POST', headers: keys, body: JSON.stringify(body) });
  const j = await r.json();
  if (!r.ok) throw new Error(`${path}: ${r.status} ${JSON.stringify(j)}`);
  return j;
}

export async function linkToken(extra = {}) {
  const lt = await plaid('/link/token/create', { client_name: 'Browser App', language: 'en', country_codes: ['US'],
    user: { client_user_id: 'browser-user' }, products: ['auth'], ...extra });
  return lt.link_token;
}

// The app: one button, Plaid.create with every callback recording into window.
const callbacks = `onEvent: (name, md) => window.events.push({ name, md }),
    onSuccess: (public_token, metadata) => { window.result = { kind: 'success', public_token, metadata }; },
    onExit: (error, metadata) => { window.result = { kind: 'exit', error, metadata }; },`;
const appPage = (token) => `<!doctype html><html><head><meta charset="utf-8">
<script src="${emu}/link/v2/stable/link-initialize.js"></script></head><body>
<button id="connect">Connect a bank</button><div id="slot" style="width:360px;height:560px"></div>
<script>
  localStorage.setItem('link_token', ${JSON.stringify(token)}); // for the return from an OAuth bank
  window.events = [];
  window.config = { token: ${JSON.stringify(token)}, onLoad: () => { window.loaded = true; }, ${callbacks} };
  window.handler = Plaid.create(window.config);
  document.getElementById('connect').onclick = () => window.handler.open();
</script></body></html>`;

// Where an OAuth bank sends the user back: the app opens Link again with the
// link token it kept and receivedRedirectUri, as Plaid's docs say.
const returnPage = () => `<!doctype html><html><head><meta charset="utf-8">
<script src="${emu}/link/v2/stable/link-initialize.js"></script></head><body><script>
  window.events = [];
  Plaid.create({ token: localStorage.getItem('link_token'), receivedRedirectUri: window.location.href, ${callbacks} }).open();
</script></body></html>`;

// The same app with react-plaid-link (UMD builds, no bundler): it must use
// the emulator's script rather than fetch cdn.plaid.com.
const reactPage = (token) => `<!doctype html><html><head><meta charset="utf-8">
<script src="${emu}/link/v2/stable/link-initialize.js"></script>
<script src="/vendor/react.js"></script><script src="/vendor/react-dom.js"></script>
<script src="/vendor/react-plaid-link.js"></script></head><body><div id="root"></div>
<script>
  window.events = [];
  function App() {
    const { open, ready, error } = PlaidLink.usePlaidLink({ token: ${JSON.stringify(token)}, ${callbacks} });
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

export let appURL, browser;
let app;
export async function start() {
  app = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (vendor[u.pathname]) {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      return res.end(readFileSync(vendor[u.pathname]));
    }
    res.writeHead(200, { 'Content-Type': 'text/html' });
    const pages = { '/react': reactPage, '/oauth-return': returnPage };
    res.end((pages[u.pathname] || appPage)(u.searchParams.get('token') || ''));
  });
  await new Promise((r) => app.listen(0, '127.0.0.1', r));
  appURL = `http://127.0.0.1:${app.address().port}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
export async function stop() {
  await browser?.close();
  app?.close();
}

export const LINK = 'iframe[title="Plaid Link (plaid-emulator)"]';
export async function openLink(token, viewport) {
  const page = await browser.newPage(viewport ? { viewport } : {});
  page.on('pageerror', (e) => { throw e; });
  await page.goto(appURL + '?token=' + encodeURIComponent(token));
  await page.waitForFunction(() => window.loaded === true);
  await page.click('#connect');
  return { page, frame: page.frameLocator(LINK) };
}
export const result = (page) => page.waitForFunction(() => window.result).then(() => page.evaluate(() => window.result));
export const events = (page) => page.evaluate(() => window.events);

// shot writes the Link card as <name>.png under LINK_SCREENSHOTS.
export const shotDir = process.env.LINK_SCREENSHOTS || join(tmpdir(), 'plaid-emulator-link-screenshots');
mkdirSync(shotDir, { recursive: true });
export async function shot(frame, name) {
  await frame.locator('#card').screenshot({ path: join(shotDir, name + '.png'), animations: 'disabled' });
}

// Plaid's callback types, read from react-plaid-link's own TypeScript
// declarations: every key of an interface, and which are optional.
const dts = readFileSync('node_modules/react-plaid-link/dist/types/index.d.ts', 'utf8');
export function tsKeys(name) {
  const m = dts.match(new RegExp(`export interface ${name} \\{([^}]*)\\}`));
  assert.ok(m, `interface ${name} in react-plaid-link's types`);
  const keys = [...m[1].matchAll(/^\s*(\w+)(\??):/gm)].map((k) => ({ key: k[1], optional: k[2] === '?' }));
  return { all: keys.map((k) => k.key).sort(), required: keys.filter((k) => !k.optional).map((k) => k.key).sort() };
}
export function assertShape(obj, iface, what) {
  const { all, required } = tsKeys(iface);
  const got = Object.keys(obj).sort();
  for (const k of required) assert.ok(got.includes(k), `${what}: ${k} (required by ${iface}) missing from ${got}`);
  for (const k of got) assert.ok(all.includes(k), `${what}: ${k} is not a key of ${iface} (${all})`);
}
export function assertSuccessMetadata(md) {
  assertShape(md, 'PlaidLinkOnSuccessMetadata', 'onSuccess metadata');
  if (md.institution !== null) assertShape(md.institution, 'PlaidInstitution', 'onSuccess institution'); // null: typed numbers
  md.accounts.forEach((a) => assertShape(a, 'PlaidAccount', 'onSuccess account'));
}
export function assertExit(r) {
  assert.equal(r.kind, 'exit');
  assertShape(r.metadata, 'PlaidLinkOnExitMetadata', 'onExit metadata');
  if (r.metadata.institution) assertShape(r.metadata.institution, 'PlaidInstitution', 'onExit institution');
  if (r.error) assertShape(r.error, 'PlaidLinkError', 'onExit error');
}

// Which events carry which metadata, from Plaid's Link web SDK reference
// (https://plaid.com/docs/link/web/#onevent, "metadata"): a key not listed
// is carried by every event (institution_*, request_id, link_session_id,
// timestamp); the others only by the events named.
const emittedBy = {
  error_type: ['ERROR', 'EXIT'], error_code: ['ERROR', 'EXIT'], error_message: ['ERROR', 'EXIT'],
  exit_status: ['EXIT'], institution_search_query: ['SEARCH_INSTITUTION'], is_update_mode: ['OPEN'],
  mfa_type: ['SUBMIT_MFA', 'TRANSITION_VIEW'], view_name: ['TRANSITION_VIEW'],
  selection: ['MATCHED_SELECT_VERIFY_METHOD', 'SELECT_AUTH_TYPE'], match_reason: ['MATCHED_SELECT_INSTITUTION', 'SELECT_INSTITUTION'],
  routing_number: ['SUBMIT_ROUTING_NUMBER'], account_number_mask: ['SUBMIT_ACCOUNT_NUMBER'],
};
// What each event must carry (the same page's event list).
const needs = {
  TRANSITION_VIEW: ['view_name'], ERROR: ['error_type', 'error_code', 'error_message'], SUBMIT_MFA: ['mfa_type'],
  SELECT_INSTITUTION: ['institution_id', 'institution_name'], SEARCH_INSTITUTION: ['institution_search_query'], OPEN: ['is_update_mode'],
};
// Plaid's event names and view names that Link for Items has (same page).
const eventNames = ['CLOSE_OAUTH', 'ERROR', 'EXIT', 'FAIL_OAUTH', 'HANDOFF', 'OPEN', 'OPEN_OAUTH', 'SEARCH_INSTITUTION',
  'SELECT_INSTITUTION', 'SUBMIT_CREDENTIALS', 'SUBMIT_DOCUMENTS', 'SUBMIT_DOCUMENTS_SUCCESS', 'SUBMIT_MFA', 'TRANSITION_VIEW'];
const viewNames = ['CONNECTED', 'CONSENT', 'CREDENTIAL', 'ERROR', 'EXIT', 'LOADING', 'MFA', 'NUMBERS', 'OAUTH', 'SELECT_ACCOUNT', 'SELECT_INSTITUTION',
  'UPLOAD_DOCUMENTS'];
const mfaTypes = ['code', 'device', 'questions', 'selections'];

// checkEvents holds every event to the table and returns the sequence as
// NAME or TRANSITION_VIEW:VIEW (MFA views with their mfa_type).
export function checkEvents(evs) {
  const keys = tsKeys('PlaidLinkOnEventMetadata').all;
  assert.ok(evs.length > 0, 'no events');
  for (const { name, md } of evs) {
    assert.ok(eventNames.includes(name), `event ${name} is not one of Plaid's`);
    assert.deepEqual(Object.keys(md).sort(), keys, `${name}: metadata keys`);
    for (const [k, by] of Object.entries(emittedBy)) {
      if (md[k] !== null) assert.ok(by.includes(name), `${name} carries ${k}=${md[k]}, which only ${by} do`);
    }
    for (const k of needs[name] || []) assert.ok(md[k], `${name} lacks ${k}`);
    if (name === 'TRANSITION_VIEW') assert.ok(viewNames.includes(md.view_name), `view_name ${md.view_name}`);
    if (md.mfa_type !== null) assert.ok(mfaTypes.includes(md.mfa_type) && (name === 'SUBMIT_MFA' || md.view_name === 'MFA'), `mfa_type on ${name}`);
    assert.match(md.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.equal(typeof md.request_id, 'string');
    assert.equal(md.link_session_id, evs[0].md.link_session_id, 'one link_session_id throughout');
  }
  return evs.map(({ name, md }) => name !== 'TRANSITION_VIEW' ? name
    : md.view_name === 'MFA' ? `TRANSITION_VIEW:MFA(${md.mfa_type})` : `TRANSITION_VIEW:${md.view_name}`);
}
