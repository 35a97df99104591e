// One emulator for the whole run (global setup), its baseline saved as a
// snapshot; each test file restores it first. A restore puts back every
// client's state, so the files run one at a time (fileParallelism: false).
// Files that must run in parallel use a client_id each and
// emu.reset({ clientId }) instead.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: './global-setup.mjs',
    include: ['**/*.test.mjs'],
    fileParallelism: false,
  },
});
