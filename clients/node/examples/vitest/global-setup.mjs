// Starts one emulator for the run, links the baseline Item and saves it as
// the snapshot "base"; the tests inject its URL and the Item's token.
import { PlaidEmulator } from 'plaid-emulator';

let emu;
export async function setup({ provide }) {
  emu = await PlaidEmulator.start({ args: ['--freeze-clock', '--seed', '7'] }); // $PLAID_EMULATOR_BINARY, or plaid-emulator on PATH
  const item = await emu.linkItem({ clientId: 'app-tests', products: ['auth', 'transactions'] });
  await emu.snapshot('base');
  provide('emulatorURL', emu.baseURL);
  provide('baseAccessToken', item.access_token);
}

export async function teardown() {
  await emu?.stop();
}
