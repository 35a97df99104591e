// Types of plaid-emulator's Node helper (index.js).
import type { Configuration } from 'plaid';

export class EmulatorError extends Error {
  status?: number;
  body?: unknown;
}

export interface StartOptions {
  /** Path of the plaid-emulator binary (default $PLAID_EMULATOR_BINARY, else plaid-emulator on PATH). */
  binary?: string;
  /** An image to run instead of a binary, e.g. 'ghcr.io/plaid-emulator/plaid-emulator:0.1.0', through
   *  testcontainers (install testcontainers@11 beside this package; DOCKER_HOST reaches podman too). */
  image?: string;
  /** More flags for `plaid-emulator serve`, e.g. ['--seed', '7']. */
  args?: string[];
  /** An emulator already running (a CI service container): connect instead of starting one. */
  url?: string;
  /** The emulator's --admin-token, sent on every admin call. */
  adminToken?: string;
}

export interface LinkItemOptions {
  clientId: string;
  secret?: string;
  institutionId?: string;
  username?: string;
  password?: string;
  products?: string[];
  webhook?: string;
}

export interface WebhookFilter {
  webhook_type?: string;
  webhook_code?: string;
  item_id?: string;
  state?: string;
}

export interface SnapshotInfo {
  status: 'saved' | 'restored';
  name: string;
  taken_at: string;
  /** The emulator clock when it was saved; a restore puts it back. */
  clock: string;
  items: number;
  bytes: number;
}

export class PlaidEmulator {
  static start(options?: StartOptions): Promise<PlaidEmulator>;
  /** 'http://127.0.0.1:PORT' for a binary; for an image, the host and port testcontainers maps. */
  readonly baseURL: string;
  plaidConfiguration(options: { clientId: string; secret?: string }): Promise<Configuration>;
  linkItem(options: LinkItemOptions): Promise<{ access_token: string; item_id: string }>;
  readonly clock: {
    advance(duration: string): Promise<{ now: string; frozen: boolean }>;
    set(time: string): Promise<{ now: string; frozen: boolean }>;
    freeze(on?: boolean): Promise<{ now: string; frozen: boolean }>;
    now(): Promise<string>;
  };
  readonly scenarios: {
    activate(name: string, scope?: { clientId?: string; itemId?: string }): Promise<unknown>;
    deactivate(name?: string): Promise<{ deactivated: number }>;
    load(document: { scenarios: unknown[] }, options?: { activate?: boolean }): Promise<unknown>;
  };
  readonly webhooks: {
    list(filter?: WebhookFilter): Promise<Array<Record<string, unknown>>>;
    /** The first matching webhook's body, once its JWT and body hash are verified. */
    waitFor(filter: WebhookFilter, options?: { timeoutMs?: number }): Promise<Record<string, unknown>>;
  };
  requests(filter?: { path?: string; client_id?: string; item_id?: string; status?: string }): Promise<Array<Record<string, unknown>>>;
  reset(options?: { clientId?: string }): Promise<unknown>;
  /** Saves the whole state under name (replacing one of that name). */
  snapshot(name: string): Promise<SnapshotInfo>;
  /** Puts back the state saved under name; ids answered since are never handed out again. */
  restore(name: string): Promise<SnapshotInfo>;
  stop(): Promise<void>;
}
