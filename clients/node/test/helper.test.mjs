// The helper against the real binary ($PLAID_EMULATOR_BINARY; a Go test,
// cmd/plaid-emulator's TestNodeHelper, builds it and runs this file), or,
// with $PLAID_EMULATOR_IMAGE, against the image through testcontainers
// (testdata/container/check.sh runs it so, on podman's socket).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { PlaidApi } from 'plaid';
import { PlaidEmulator, EmulatorError } from '../index.js';

const image = process.env.PLAID_EMULATOR_IMAGE;
let emu, hooks, hookURL;
before(async () => {
  emu = await PlaidEmulator.start({ ...(image && { image }), args: ['--transactions-ready-after', '0', '--freeze-clock', '--start-time', '2026-03-02T09:00:00Z'] });
  hooks = http.createServer((req, res) => { req.resume(); req.on('end', () => res.end('ok')); });
  await new Promise((r) => hooks.listen(0, '127.0.0.1', r));
  hookURL = `http://127.0.0.1:${hooks.address().port}/hooks`;
});
after(async () => { hooks?.close(); await emu?.stop(); });

test('start, link through plaid-node, move the clock, wait for a verified webhook, read the journal', async () => {
  // A binary listens on loopback; a container is where testcontainers says it is
  // (127.0.0.1 for a local engine, the bridge's gateway when the tests run in a container).
  assert.match(emu.baseURL, image ? /^http:\/\/[\w.-]+:\d+$/ : /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal((await fetch(emu.baseURL + '/_emulator/health')).status, 200);
  const plaid = new PlaidApi(await emu.plaidConfiguration({ clientId: 'suite-a' }));
  const { access_token, item_id } = await emu.linkItem({ clientId: 'suite-a', products: ['auth'], webhook: hookURL });
  const { data } = await plaid.accountsGet({ access_token });
  assert.equal(data.item.item_id, item_id);

  assert.equal(await emu.clock.now(), '2026-03-02T09:00:00Z');
  await emu.clock.advance('24h');
  assert.equal(await emu.clock.now(), '2026-03-03T09:00:00Z');

  await plaid.sandboxItemFireWebhook({ access_token, webhook_code: 'NEW_ACCOUNTS_AVAILABLE' });
  const body = await emu.webhooks.waitFor({ webhook_code: 'NEW_ACCOUNTS_AVAILABLE', item_id }, { timeoutMs: 10000 });
  assert.equal(body.item_id, item_id);

  const reqs = await emu.requests({ path: '/accounts/get', client_id: 'suite-a' });
  assert.equal(reqs.length, 1);
});

test('scenarios and reset by client', async () => {
  const a = await emu.linkItem({ clientId: 'suite-a' });
  const b = await emu.linkItem({ clientId: 'suite-b' });
  await emu.scenarios.activate('institution-down', { clientId: 'suite-b' });
  const plaidA = new PlaidApi(await emu.plaidConfiguration({ clientId: 'suite-a' }));
  const plaidB = new PlaidApi(await emu.plaidConfiguration({ clientId: 'suite-b' }));
  await plaidA.accountsGet({ access_token: a.access_token });
  await assert.rejects(plaidB.accountsGet({ access_token: b.access_token }), (e) => e.response.data.error_code === 'INSTITUTION_DOWN');
  await emu.scenarios.deactivate('institution-down');

  await emu.reset({ clientId: 'suite-a' });
  await assert.rejects(plaidA.accountsGet({ access_token: a.access_token }), (e) => e.response.data.error_code === 'INVALID_ACCESS_TOKEN');
  await plaidB.accountsGet({ access_token: b.access_token });
});

test('snapshot and restore', async () => {
  const plaid = new PlaidApi(await emu.plaidConfiguration({ clientId: 'suite-c' }));
  const { access_token } = await emu.linkItem({ clientId: 'suite-c' });
  const before = (await plaid.accountsGet({ access_token })).data;
  const saved = await emu.snapshot('base');
  assert.equal(saved.status, 'saved');
  await plaid.itemRemove({ access_token });
  await emu.clock.advance('48h');
  const restored = await emu.restore('base');
  assert.equal(restored.clock, saved.clock);
  assert.equal(await emu.clock.now(), saved.clock);
  const after = (await plaid.accountsGet({ access_token })).data;
  delete before.request_id; delete after.request_id;
  assert.deepEqual(after, before);
  await assert.rejects(emu.restore('nope'), (e) => e instanceof EmulatorError && /no snapshot by that name/.test(e.message));
});

test('errors carry the emulator\'s message', async () => {
  await assert.rejects(emu.scenarios.activate('no-such-scenario'), (e) => e instanceof EmulatorError && /no scenario named no-such-scenario/.test(e.message));
  await assert.rejects(emu.linkItem({ clientId: 'x', institutionId: 'ins_nope' }), (e) => e instanceof EmulatorError && /INVALID_INSTITUTION/.test(e.message));
  await assert.rejects(PlaidEmulator.start({ binary: '/nonexistent/plaid-emulator' }), EmulatorError);
});

if (image) {
  test('an image that cannot start is an EmulatorError', async () => {
    await assert.rejects(PlaidEmulator.start({ image: 'localhost/plaid-emulator-no-such-image:0' }), (e) => e instanceof EmulatorError && /could not start the image/.test(e.message));
    await assert.rejects(PlaidEmulator.start({ image, binary: 'x' }), (e) => e instanceof EmulatorError && /not both/.test(e.message));
  });
}
