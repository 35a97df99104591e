import { PlaidApi } from 'plaid';
import { PlaidEmulator } from 'plaid-emulator';

let emu, plaid;
beforeAll(async () => {
  emu = await PlaidEmulator.start({ url: process.env.PLAID_EMULATOR_URL });
  await emu.restore('base');
  plaid = new PlaidApi(await emu.plaidConfiguration({ clientId: 'app-tests' }));
});

test('the Item is back, and the clock is where the baseline left it', async () => {
  const { data } = await plaid.accountsGet({ access_token: process.env.BASE_ACCESS_TOKEN });
  expect(data.item.item_id).toBeTruthy();
  const before = await emu.clock.now();
  await emu.clock.advance('24h');
  expect(await emu.clock.now()).not.toBe(before);
});
