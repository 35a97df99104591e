// One emulator for the whole run (global setup), its baseline saved as a
// snapshot; each test file restores it first. A restore puts back every
// client's state, so the files run one at a time (maxWorkers: 1). Files
// that must run in parallel use a client_id each and emu.reset({ clientId })
// instead.
export default {
  globalSetup: './global-setup.mjs',
  globalTeardown: './global-teardown.mjs',
  testMatch: ['**/*.test.mjs'],
  transform: {},
  maxWorkers: 1,
};
