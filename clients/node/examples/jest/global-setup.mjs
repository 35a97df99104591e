// Starts one emulator for the run, links the baseline Item and saves it as
// the snapshot "base". The tests find the emulator and the Item in env.
import { PlaidEmulator } from 'plaid-emulator';

export default async function globalSetup() {
  const emu = await PlaidEmulator.start({ args: ['--freeze-clock', '--seed', '7'] }); // $PLAID_EMULATOR_BINARY, or plaid-emulator on PATH
  const item = await emu.linkItem({ clientId: 'app-tests', products: ['auth', 'transactions'] });
  await emu.snapshot('base');
  process.env.PLAID_EMULATOR_URL = emu.baseURL;
  process.env.BASE_ACCESS_TOKEN = item.access_token;
  globalThis.plaidEmulator = emu; // for the teardown, which runs in this process
}
