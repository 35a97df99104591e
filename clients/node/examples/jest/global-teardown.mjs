export default async function globalTeardown() {
  await globalThis.plaidEmulator?.stop();
}
