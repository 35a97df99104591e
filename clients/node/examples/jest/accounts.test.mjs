import { PlaidApi } from 'plaid';
import { PlaidEmulator } from 'plaid-emulator';

let emu, plaid;
beforeAll(async () => {
  emu = await PlaidEmulator.start({ url: process.env.PLAID_EMULATOR_URL });
  await emu.restore('base'); // this file starts from the baseline, whatever ran before it
  plaid = new PlaidApi(await emu.plaidConfiguration({ clientId: 'app-tests' }));
});

test('the baseline Item has its accounts', async () => {
  const { data } = await plaid.accountsGet({ access_token: process.env.BASE_ACCESS_TOKEN });
  expect(data.accounts.length).toBeGreaterThan(0);
});

test('a test may remove it: the next file gets it back', async () => {
  await plaid.itemRemove({ access_token: process.env.BASE_ACCESS_TOKEN });
  await expect(plaid.accountsGet({ access_token: process.env.BASE_ACCESS_TOKEN })).rejects.toMatchObject({ response: { status: 400 } });
});
