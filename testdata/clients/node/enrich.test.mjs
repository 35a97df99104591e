// Enrich through the official plaid-node client: the spec's two examples,
// read as plaid-node types them. A Go test (emulator/node_test.go) starts
// the emulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, PlaidApi } from 'plaid';

const basePath = process.env.PLAID_EMULATOR_URL;
assert.ok(basePath, 'PLAID_EMULATOR_URL must be set');
const client = new PlaidApi(new Configuration({
  basePath,
  baseOptions: { headers: { 'PLAID-CLIENT-ID': 'enrich_client', 'PLAID-SECRET': 'enrich_secret' } },
}));

test('/transactions/enrich: Walmart in store with its store, DoorDash carrying Burger King', async () => {
  const { data } = await client.transactionsEnrich({
    account_type: 'depository',
    transactions: [
      { id: 'w', description: 'PURCHASE WM SUPERCENTER #1700', amount: 72.1, direction: 'OUTFLOW', iso_currency_code: 'USD' },
      { id: 'd', description: 'DD DOORDASH BURGERKIN 855-123-4567 CA', amount: 28.34, direction: 'OUTFLOW', iso_currency_code: 'USD' },
    ],
  });
  const [w, d] = data.enriched_transactions;
  assert.equal(w.enrichments.merchant_name, 'Walmart');
  assert.equal(w.enrichments.location.city, 'Poway');
  assert.equal(w.enrichments.location.store_number, '1700');
  assert.equal(w.enrichments.personal_finance_category.detailed, 'GENERAL_MERCHANDISE_SUPERSTORES');
  assert.deepEqual(d.enrichments.counterparties.map((c) => [c.name, c.type]), [['DoorDash', 'marketplace'], ['Burger King', 'merchant']]);
  assert.equal(d.enrichments.payment_channel, 'online');
  assert.equal(d.enrichments.location.city, null);
  await assert.rejects(client.transactionsEnrich({ account_type: 'depository', transactions: [] }),
    (e) => e.response.data.error_code === 'INVALID_FIELD');
});
