// The Transfer journey through the official plaid-node client: authorize,
// create, simulate to funds_available, sweep out of the Ledger, a return
// with R01, each step read back with /transfer/event/sync and
// /transfer/ledger/get. TRANSFER_EVENTS_UPDATE webhooks reach a real HTTP
// receiver here that verifies each JWT with jose and the body's SHA-256,
// as Plaid's webhook verification guide describes. A Go test
// (emulator/node_test.go) starts the emulator and sets PLAID_EMULATOR_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { Configuration, PlaidApi } from 'plaid';

const basePath = process.env.PLAID_EMULATOR_URL;
assert.ok(basePath, 'PLAID_EMULATOR_URL must be set');
const client = new PlaidApi(new Configuration({
  basePath,
  baseOptions: { headers: { 'PLAID-CLIENT-ID': 'node_transfer', 'PLAID-SECRET': 'node_secret' } },
}));

// receiver verifies each webhook and keeps the verified bodies.
function receiver() {
  const got = [];
  const failures = [];
  let notify = () => {};
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks);
      try {
        const token = req.headers['plaid-verification'];
        const { alg, kid } = decodeProtectedHeader(token);
        assert.equal(alg, 'ES256');
        const { data } = await client.webhookVerificationKeyGet({ key_id: kid });
        const key = await importJWK(data.key, 'ES256');
        const { payload } = await jwtVerify(token, key, { maxTokenAge: '5 min' });
        const want = Buffer.from(payload.request_body_sha256, 'hex');
        const have = createHash('sha256').update(raw).digest();
        assert.ok(want.length === have.length && timingSafeEqual(want, have), 'body hash');
        got.push(JSON.parse(raw.toString('utf8')));
        res.writeHead(200).end();
      } catch (err) {
        failures.push(err);
        res.writeHead(401).end();
      }
      notify();
    });
  });
  return {
    got, failures, server,
    listen: () => new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${server.address().port}/hook`))),
    // waitFor resolves once n webhooks are verified, or rejects after 15 s.
    waitFor: (n) => new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`${got.length} of ${n} webhooks within 15 s`)), 15000);
      const check = () => { if (got.length >= n) { clearTimeout(timer); ok(got); } };
      notify = check;
      check();
    }),
  };
}

test('a Transfer journey: funds_available, a sweep, a return R01, verified webhooks', async () => {
  const rv = receiver();
  const hook = await rv.listen();
  try {
    const pt = await client.sandboxPublicTokenCreate({
      institution_id: 'ins_109508', initial_products: ['auth', 'transfer'], options: { webhook: hook },
    });
    const { access_token } = (await client.itemPublicTokenExchange({ public_token: pt.data.public_token })).data;
    const account_id = (await client.accountsGet({ access_token })).data.accounts[0].account_id;

    let cursor = 0;
    const newEvents = async (...want) => {
      const { data } = await client.transferEventSync({ after_id: cursor });
      for (const ev of data.transfer_events) cursor = ev.event_id;
      assert.deepEqual(data.transfer_events.map((ev) => ev.event_type), want);
      return data.transfer_events;
    };
    const ledger = async (available, pending) => {
      const { balance } = (await client.transferLedgerGet({})).data;
      assert.deepEqual([balance.available, balance.pending], [available, pending]);
    };
    const debit = async (amount) => {
      const au = (await client.transferAuthorizationCreate({
        access_token, account_id, type: 'debit', network: 'ach', ach_class: 'web', amount,
        user: { legal_name: 'Anne Charleston' },
      })).data.authorization;
      assert.equal(au.decision, 'approved');
      assert.equal(au.decision_rationale, null);
      return (await client.transferCreate({ access_token, account_id, authorization_id: au.id, description: 'payment' })).data.transfer;
    };
    const status = async (transfer_id) => (await client.transferGet({ transfer_id })).data.transfer;

    await ledger('100.00', '0.00');
    const tr = await debit('40.00');
    assert.equal(tr.status, 'pending');
    assert.equal(tr.cancellable, true);
    await newEvents('pending');
    await ledger('100.00', '40.00');
    for (const [event_type, available, pending] of [['posted', '100.00', '40.00'], ['settled', '100.00', '40.00'], ['funds_available', '140.00', '0.00']]) {
      await client.sandboxTransferSimulate({ transfer_id: tr.id, event_type });
      assert.equal((await status(tr.id)).status, event_type);
      await newEvents(event_type);
      await ledger(available, pending);
    }

    const { sweep } = (await client.transferLedgerWithdraw({ amount: '30.00', idempotency_key: 'sweep-1', network: 'ach' })).data;
    await ledger('110.00', '0.00');
    const [swev] = await newEvents('sweep.pending');
    assert.equal(swev.sweep_id, sweep.id);
    for (const event_type of ['sweep.posted', 'sweep.settled']) {
      await client.sandboxTransferLedgerWithdrawSimulate({ sweep_id: sweep.id, event_type });
    }
    await newEvents('sweep.posted', 'sweep.settled');
    assert.equal((await client.transferSweepGet({ sweep_id: sweep.id })).data.sweep.status, 'settled');

    const back = await debit('15.00');
    await newEvents('pending');
    await ledger('110.00', '15.00');
    await client.sandboxTransferSimulate({ transfer_id: back.id, event_type: 'posted' });
    await client.sandboxTransferSimulate({ transfer_id: back.id, event_type: 'returned', failure_reason: { failure_code: 'R01' }, webhook: hook });
    const [, returned] = await newEvents('posted', 'returned');
    assert.equal(returned.failure_reason.failure_code, 'R01');
    const got = await status(back.id);
    assert.equal(got.status, 'returned');
    assert.equal(got.failure_reason.failure_code, 'R01');
    assert.equal(got.failure_reason.ach_return_code, 'R01');
    await ledger('110.00', '0.00');

    await client.sandboxTransferFireWebhook({ webhook: hook });
    // Two creations, the simulation that gave a webhook, fire_webhook.
    const hooks = await rv.waitFor(4);
    assert.deepEqual(rv.failures, []);
    for (const body of hooks) {
      assert.deepEqual(body, { webhook_type: 'TRANSFER', webhook_code: 'TRANSFER_EVENTS_UPDATE', environment: 'sandbox' });
    }
  } finally {
    rv.server.close();
  }
});
