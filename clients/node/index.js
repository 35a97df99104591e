// plaid-emulator for Node: start the emulator's binary for a test run and
// drive its admin API (/_emulator/*). No build step: plain ESM, with types
// in index.d.ts.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { importJWK, jwtVerify, decodeProtectedHeader } from 'jose';

// EmulatorError is every failure: its message is the emulator's own.
class EmulatorError extends Error {
  constructor(message, status, body) {
    super(message);
    this.name = 'EmulatorError';
    this.status = status;
    this.body = body;
  }
}

export class PlaidEmulator {
  /** @param {string} baseURL @param {import('node:child_process').ChildProcess|null} proc @param {string|undefined} adminToken */
  constructor(baseURL, proc, adminToken, container) {
    this.baseURL = baseURL;
    this.#proc = proc;
    this.#container = container;
    this.#adminToken = adminToken;
    const self = this;
    this.clock = {
      advance: (duration) => self.#admin('POST', '/_emulator/clock', { advance: duration }),
      set: (time) => self.#admin('POST', '/_emulator/clock', { set: time }),
      freeze: (on = true) => self.#admin('POST', '/_emulator/clock', { freeze: on }),
      now: async () => (await self.#admin('GET', '/_emulator/clock')).now,
    };
    this.scenarios = {
      activate: (name, { clientId, itemId } = {}) =>
        self.#admin('POST', '/_emulator/scenarios', { activate: name, ...(clientId && { client_id: clientId }), ...(itemId && { item_id: itemId }) }),
      deactivate: (name) => self.#admin('DELETE', '/_emulator/scenarios' + (name ? '?name=' + encodeURIComponent(name) : '')),
      load: (document, { activate = false } = {}) => self.#admin('POST', '/_emulator/scenarios' + (activate ? '?activate=true' : ''), document),
    };
    this.webhooks = {
      list: (filter = {}) => self.#admin('GET', '/_emulator/webhooks?' + new URLSearchParams(filter)).then((j) => j.webhooks),
      waitFor: (filter, opts) => self.#waitForWebhook(filter, opts),
    };
  }

  #proc;
  #container;
  #adminToken;

  /**
   * start runs the binary on a free port of 127.0.0.1 and resolves once it
   * listens. `binary` is the path of plaid-emulator (default: the one on
   * PATH, or $PLAID_EMULATOR_BINARY); `args` are more flags. `url`
   * connects to an emulator already running instead.
   */
  static async start({ binary, image, args = [], url, adminToken } = {}) {
    if (binary && image) throw new EmulatorError('start takes one of binary and image, not both');
    if (image) return PlaidEmulator.#startImage(image, args, adminToken);
    if (url) return new PlaidEmulator(url.replace(/\/$/, ''), null, adminToken);
    const bin = binary || process.env.PLAID_EMULATOR_BINARY || 'plaid-emulator';
    const proc = spawn(bin, ['serve', '--addr', '127.0.0.1:0', ...(adminToken ? ['--admin-token', adminToken] : []), ...args],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    const lines = createInterface({ input: proc.stderr });
    const log = [];
    const baseURL = await new Promise((resolve, reject) => {
      proc.once('error', (e) => reject(new EmulatorError(`could not start ${bin}: ${e.message}`)));
      proc.once('exit', (code) => reject(new EmulatorError(`${bin} exited with ${code} before listening:\n${log.join('\n')}`)));
      lines.on('line', (line) => {
        if (log.length < 50) log.push(line);
        const m = line.match(/url=(\S+)/);
        if (m) resolve(m[1]);
      });
    });
    proc.removeAllListeners('exit');
    lines.removeAllListeners('line');
    lines.on('line', () => {}); // keep draining the log
    return new PlaidEmulator(baseURL, proc, adminToken);
  }

  // startImage runs the image through testcontainers-node (an optional peer
  // dependency) and resolves once /_emulator/health answers.
  static async #startImage(image, args, adminToken) {
    let tc;
    try {
      tc = await import('testcontainers');
    } catch {
      throw new EmulatorError('image mode runs the image through testcontainers: npm install --save-dev testcontainers@11');
    }
    let container;
    try {
      container = await new tc.GenericContainer(image)
        .withExposedPorts(7777)
        .withCommand(['serve', ...(adminToken ? ['--admin-token', adminToken] : []), ...args])
        .withWaitStrategy(tc.Wait.forHttp('/_emulator/health', 7777).forStatusCode(200))
        .withStartupTimeout(60000)
        .start();
    } catch (e) {
      throw new EmulatorError(`could not start the image ${image}: ${e.message}`);
    }
    const host = container.getHost() === 'localhost' ? '127.0.0.1' : container.getHost();
    return new PlaidEmulator(`http://${host}:${container.getMappedPort(7777)}`, null, adminToken, container);
  }

  /** plaidConfiguration is a plaid-node Configuration pointing at the emulator. */
  async plaidConfiguration({ clientId, secret = 'secret' }) {
    const { Configuration } = await import('plaid');
    return new Configuration({ basePath: this.baseURL, baseOptions: { headers: { 'PLAID-CLIENT-ID': clientId, 'PLAID-SECRET': secret } } });
  }

  /** linkItem makes an Item without a browser, as /sandbox/public_token/create and the exchange do. */
  async linkItem({ clientId, secret = 'secret', institutionId = 'ins_109508', username, password, products = ['auth'], webhook } = {}) {
    if (!clientId) throw new EmulatorError('linkItem needs a clientId');
    const options = { ...(username && { override_username: username }), ...(password && { override_password: password }), ...(webhook && { webhook }) };
    const pt = await this.#plaid(clientId, secret, '/sandbox/public_token/create', { institution_id: institutionId, initial_products: products, options });
    const ex = await this.#plaid(clientId, secret, '/item/public_token/exchange', { public_token: pt.public_token });
    return { access_token: ex.access_token, item_id: ex.item_id };
  }

  /** requests lists the request journal, filtered. */
  async requests(filter = {}) {
    return (await this.#admin('GET', '/_emulator/requests?' + new URLSearchParams(filter))).requests;
  }

  /** reset goes back to the fixtures; with clientId, only that client's state goes. */
  async reset({ clientId } = {}) {
    return this.#admin('POST', '/_emulator/reset', clientId ? { client_id: clientId } : undefined);
  }

  /** snapshot saves the whole state under name (replacing one of that name). */
  async snapshot(name) {
    return this.#admin('POST', '/_emulator/snapshots', { name });
  }

  /** restore puts back the state saved under name; ids answered since are never handed out again. */
  async restore(name) {
    return this.#admin('POST', '/_emulator/snapshots/' + encodeURIComponent(name) + '/restore');
  }

  /** stop ends the emulator this helper started, binary or container (an emulator given by url is left running). */
  async stop() {
    if (this.#container) {
      const c = this.#container;
      this.#container = undefined;
      await c.stop();
      return;
    }
    const p = this.#proc;
    if (!p || p.exitCode !== null) return;
    const done = new Promise((resolve) => p.once('exit', resolve));
    p.kill('SIGTERM');
    await done;
  }

  async #waitForWebhook(filter = {}, { timeoutMs = 10000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    const q = new URLSearchParams(filter);
    while (Date.now() < deadline) {
      q.set('wait', Math.max(1, Math.min(5000, deadline - Date.now())) + 'ms');
      const list = (await this.#admin('GET', '/_emulator/webhooks?' + q)).webhooks;
      const hit = list.find((w) => w.attempts?.length > 0); // signed and sent: its JWT can be checked
      if (hit) {
        await this.#verify(hit);
        return hit.body;
      }
      if (list.length > 0) await new Promise((r) => setTimeout(r, 25)); // logged, its first attempt under way
    }
    throw new EmulatorError(`no webhook matching ${JSON.stringify(filter)} within ${timeoutMs} ms`);
  }

  // verify checks a logged webhook as a receiver would: the JWT's key from
  // /webhook_verification_key/get, its signature, and the body's SHA-256.
  async #verify(w) {
    const jwt = w.headers?.['Plaid-Verification'];
    if (!jwt) throw new EmulatorError(`webhook ${w.id} carries no Plaid-Verification header`);
    const { kid } = decodeProtectedHeader(jwt);
    const { key } = await this.#plaid('webhook-verifier', 'secret', '/webhook_verification_key/get', { key_id: kid });
    const { payload } = await jwtVerify(jwt, await importJWK(key, 'ES256'), { maxTokenAge: '1h' });
    const sum = createHash('sha256').update(w.raw_body).digest('hex');
    if (payload.request_body_sha256 !== sum) throw new EmulatorError(`webhook ${w.id}: the JWT's body hash does not match its body`);
  }

  async #plaid(clientId, secret, path, body) {
    const r = await fetch(this.baseURL + path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'PLAID-CLIENT-ID': clientId, 'PLAID-SECRET': secret }, body: JSON.stringify(body) });
    const j = await r.json();
    if (!r.ok) throw new EmulatorError(`${path}: ${j.error_code}: ${j.error_message}`, r.status, j);
    return j;
  }

  async #admin(method, path, body) {
    const headers = { 'Content-Type': 'application/json', ...(this.#adminToken && { Authorization: 'Bearer ' + this.#adminToken }) };
    const r = await fetch(this.baseURL + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const j = await r.json().catch(() => ({}));
    if (!r.ok) throw new EmulatorError(`${method} ${path}: ${j.error || j.error_message || r.status}`, r.status, j);
    return j;
  }
}

export { EmulatorError };
