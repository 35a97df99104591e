// Script from data never runs on the emulator's pages. The emulator here
// has an admin token (ADMIN_TOKEN). What an attack tried: a link token whose
// redirect_uri is javascript:, HTML in the names the OAuth page shows, an
// inline script on each page, and reading the dashboard's admin token from
// localStorage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { plaid, linkToken, start, stop, browser, shotDir } from './harness.mjs';

const direct = process.env.PLAID_EMULATOR_DIRECT_URL;
const adminToken = process.env.ADMIN_TOKEN;
assert.ok(direct && adminToken, 'PLAID_EMULATOR_DIRECT_URL and ADMIN_TOKEN must be set');

before(start);
after(stop);

test('a script or data address is refused as redirect_uri and as hosted_link.completion_redirect_uri', async () => {
  for (const u of ['javascript:fetch("/_emulator/items")', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>alert(1)</script>', '//evil.example/']) {
    await assert.rejects(linkToken({ redirect_uri: u }), /400.*INVALID_FIELD.*redirect_uri/, u);
    await assert.rejects(linkToken({ hosted_link: { completion_redirect_uri: u } }), /400.*INVALID_FIELD/, u);
  }
});

test('every page refuses inline script: Link, the OAuth bank and the dashboard', async () => {
  const token = await linkToken();
  for (const path of [`/_emulator/link/ui?link_token=${token}`, '/_emulator/oauth/authorize?institution_name=Bank', '/']) {
    const page = await browser.newPage();
    const violations = [];
    page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) violations.push(m.text()); });
    const resp = await page.goto(direct + path);
    assert.match(resp.headers()['content-security-policy'], /script-src 'self'/, path);
    await page.addScriptTag({ content: 'window.injected = 1;' }).catch(() => {});
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.setAttribute('src', 'x:');
      img.setAttribute('onerror', 'window.handlerRan = 1');
      document.body.appendChild(img);
    });
    await page.waitForTimeout(0); // let the error event fire, if it could
    assert.equal(await page.evaluate(() => window.injected), undefined, `${path}: an inline script ran`);
    assert.equal(await page.evaluate(() => window.handlerRan), undefined, `${path}: an inline handler ran`);
    assert.ok(violations.length > 0, `${path}: the browser reported no policy violation`);
    await page.close();
  }
});

test('HTML in the names the OAuth page shows stays text', async () => {
  const page = await browser.newPage();
  page.on('pageerror', (e) => { throw e; });
  const html = '<img src=x onerror="window.pwned=1">';
  await page.goto(`${direct}/_emulator/oauth/authorize?` + new URLSearchParams({ client_name: html, institution_name: '<b>Bank</b>' }));
  await page.getByText(html + ' asks to read your accounts at <b>Bank</b> through Plaid').waitFor();
  assert.equal(await page.locator('main img, main b').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.screenshot({ path: join(shotDir, 'security-oauth.png') });
  await page.close();
});

test('the dashboard keeps the admin token for its tab only, never in localStorage', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  page.on('pageerror', (e) => { throw e; });
  page.on('dialog', (d) => d.accept(adminToken));
  await page.goto(direct + '/');
  await page.getByRole('heading', { name: 'Items' }).waitFor();
  await page.waitForFunction(() => sessionStorage.getItem('plaid-emulator-admin-token') !== null);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('plaid-emulator-admin-token')), adminToken);
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'something was kept in localStorage');
  // A script that could run in the origin would find nothing to take in a new tab.
  const other = await ctx.newPage();
  await other.goto(direct + '/_emulator/health');
  assert.equal(await other.evaluate(() => sessionStorage.getItem('plaid-emulator-admin-token')), null);
  assert.equal(await other.evaluate(() => localStorage.getItem('plaid-emulator-admin-token')), null);
  // Without the token the admin routes stay shut.
  assert.equal((await fetch(direct + '/_emulator/items')).status, 401);
  await ctx.close();
});

test('plaid calls still work with the admin token set (it guards only /_emulator/)', async () => {
  const lt = await plaid('/link/token/create', { client_name: 'App', language: 'en', country_codes: ['US'],
    user: { client_user_id: 'u' }, products: ['auth'], redirect_uri: 'http://localhost:3000/oauth-return' });
  assert.match(lt.link_token, /^link-sandbox-/);
});
