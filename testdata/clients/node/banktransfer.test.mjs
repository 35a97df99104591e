// Legacy Bank Transfers and /item/import through plaid-node 47, the calls
// and checks of plaid-node's own test/bankTransfers.spec.ts and the import
// cases of test/item.spec.ts (written against the real Sandbox), here
// against the emulator. One difference: their helpers start the simulate
// call without awaiting it; these await it, so the checks do not depend on
// which of two requests in flight arrives first. A Go test
// (emulator/node_test.go) starts the emulator.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ACHClass, BankTransferNetwork, BankTransferType, Configuration, PlaidApi, Products } from 'plaid';

const basePath = process.env.PLAID_EMULATOR_URL;
assert.ok(basePath, 'PLAID_EMULATOR_URL must be set');
const client = new PlaidApi(new Configuration({
  basePath,
  baseOptions: { headers: { 'PLAID-CLIENT-ID': 'bt_client', 'PLAID-SECRET': 'bt_secret', 'Plaid-Version': '2020-09-14' } },
}));

let accessToken, accountId;
before(async () => {
  const { data: pt } = await client.sandboxPublicTokenCreate({ institution_id: 'ins_109508',
    initial_products: [Products.Transactions, Products.Auth, Products.Assets, Products.Investments] });
  accessToken = (await client.itemPublicTokenExchange({ public_token: pt.public_token })).data.access_token;
  const { data } = await client.accountsGet({ access_token: accessToken });
  accountId = data.accounts.filter((a) => a.type === 'depository')[0].account_id;
});

const key = () => Math.floor(Math.random() * 1e9).toString();
async function create() {
  const { data } = await client.bankTransferCreate({ type: BankTransferType.Credit, network: BankTransferNetwork.Ach, amount: '10.00',
    iso_currency_code: 'USD', description: 'PLAID', ach_class: ACHClass.Ppd, user: { legal_name: 'First Lastname' },
    access_token: accessToken, idempotency_key: key(), account_id: accountId });
  assert.ok(data.bank_transfer.id);
  return data.bank_transfer.id;
}
const post = (id) => client.sandboxBankTransferSimulate({ bank_transfer_id: id, event_type: 'posted' });

test('creates a transfer', async () => { await create(); });

test('cancels a transfer still pending', async () => {
  const { data } = await client.bankTransferCancel({ bank_transfer_id: await create() });
  assert.ok(data.request_id);
});

test('a posted transfer cannot be cancelled', async () => {
  const id = await create();
  await post(id);
  await assert.rejects(client.bankTransferCancel({ bank_transfer_id: id }),
    (e) => e.response.status === 400 && e.response.data.error_code === 'BANK_TRANSFER_NOT_CANCELLABLE');
});

test('migrates an account', async () => {
  const { data } = await client.bankTransferMigrateAccount({ account_number: '100000000', routing_number: '121122676', account_type: 'checking' });
  assert.ok(data.access_token);
  assert.ok(data.account_id);
});

test('reads the origination balance', async () => {
  const { data } = await client.bankTransferBalanceGet({});
  assert.notEqual(data.balance.available, null);
});

test('gets a transfer', async () => {
  const id = await create();
  const { data } = await client.bankTransferGet({ bank_transfer_id: id });
  assert.equal(data.bank_transfer.id, id);
});

test('lists transfers: the new one among the first five', async () => {
  const id = await create();
  const { data } = await client.bankTransferList({ count: 5 });
  assert.ok(data.bank_transfers.some((x) => x.id === id));
});

test('syncs events: more than one after a transfer is posted', async () => {
  await post(await create());
  const { data } = await client.bankTransferEventSync({ after_id: 0 });
  assert.ok(data.bank_transfer_events.length > 1);
});

test('lists one event for a transfer created and posted', async () => {
  const id = await create();
  await post(id);
  const { data } = await client.bankTransferEventList({ bank_transfer_id: id });
  assert.equal(data.bank_transfer_events.length, 1);
  data.bank_transfer_events.forEach((ev) => assert.equal(ev.bank_transfer_id, id));
});

test('imports an Item without options, and with a webhook', async () => {
  for (const options of [undefined, { webhook: 'https://plaid.com/webhook-test' }]) {
    const { data } = await client.itemImport({ products: [Products.Identity, Products.Auth],
      user_auth: { user_id: 'user_good', auth_token: 'pass_good' }, ...(options ? { options } : {}) });
    assert.match(data.access_token, /^access-sandbox-/);
  }
});
