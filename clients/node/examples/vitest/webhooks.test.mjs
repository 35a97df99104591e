import { beforeAll, expect, inject, test } from 'vitest';
import { PlaidApi } from 'plaid';
import { PlaidEmulator } from 'plaid-emulator';

const token = inject('baseAccessToken');
let emu, plaid;
beforeAll(async () => {
  emu = await PlaidEmulator.start({ url: inject('emulatorURL') });
  await emu.restore('base');
  plaid = new PlaidApi(await emu.plaidConfiguration({ clientId: 'app-tests' }));
});

test('the Item is back, and the clock moves on request', async () => {
  const { data } = await plaid.accountsGet({ access_token: token });
  expect(data.item.item_id).toBeTruthy();
  const before = await emu.clock.now();
  await emu.clock.advance('24h');
  expect(await emu.clock.now()).not.toBe(before);
});
