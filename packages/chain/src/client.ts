import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ProviderInterface } from '@polkadot/rpc-provider/types';
import type { Header } from '@polkadot/types/interfaces';
import { bounded, type CallOptions, sleep, throwIfAborted } from './bounded.js';
import { resolveEndpoint } from './endpoints.js';
import { ChainError } from './errors.js';
import { storage } from './metadata.js';
import { NonceTracker } from './nonce.js';
import { SUBTENSOR_SIGNED_EXTENSIONS } from './signed-extensions.js';
import type { ChainSigner } from './signer.js';
import { type SubmitOptions, type SubmitResult, submit } from './submit.js';

export interface ReconnectOptions {
  /** First delay before reconnecting; doubles per failed attempt (with jitter). Default 250 ms. */
  initialDelayMs?: number;
  /** Cap of the delay. Default 5000 ms. */
  maxDelayMs?: number;
}

export interface ConnectOptions extends CallOptions {
  /** Bound on connecting and loading metadata; default 30 s (`timeoutMs` is the same thing). */
  timeoutMs?: number;
  /** Default bound on every read; default 30 s. */
  requestTimeoutMs?: number;
  /** Default bound on waiting for a submitted transaction to be in a block; default 60 s. */
  inclusionTimeoutMs?: number;
  /** Reconnect a dropped ws connection with exponential backoff (default on). Ignored for a given provider. */
  reconnect?: false | ReconnectOptions;
}

export type ConnectionState = 'connected' | 'disconnected' | 'chain-changed';

export interface NewHead {
  number: number;
  hash: string;
  parentHash: string;
}

const CONNECTION_LOST = /disconnected from|not connected|No response received|socket|ECONNREFUSED|ECONNRESET|closed/i;

/** True for errors that mean the transport failed (not the chain refusing something). */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof ChainError) return err.kind === 'connection' && err.code !== 'Aborted';
  return err instanceof Error && CONNECTION_LOST.test(err.message);
}

/**
 * A subtensor client over @polkadot/api. One class for both providers: a ws endpoint (reconnected with backoff,
 * subscriptions carried over, the API rebuilt if the node comes back with a different chain) and a provider object
 * such as the in-process localnet's.
 *
 * @example
 * const client = await ChainClient.connect('local');
 * console.log(await getBlockNumber(client));
 * await client.close();
 */
export class ChainClient {
  /** The resolved ws URL, or undefined for a provider object. */
  readonly endpoint: string | undefined;
  readonly nonces: NonceTracker;
  readonly requestTimeoutMs: number;
  readonly inclusionTimeoutMs: number;

  #api: ApiPromise;
  #provider: ProviderInterface;
  readonly #ownsProvider: boolean;
  readonly #reconnect: Required<ReconnectOptions> | undefined;
  readonly #listeners = new Set<(state: ConnectionState) => void>();
  readonly #heads = new Set<HeadSubscription>();
  #closed = false;
  /** Set while the API is being rebuilt for a different chain: reads wait, as if disconnected. */
  #rebuilding = false;
  #anchor: { number: number; hash: string } | undefined;
  #attempt = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #detach: Array<() => void> = [];

  private constructor(
    api: ApiPromise,
    provider: ProviderInterface,
    endpoint: string | undefined,
    opts: ConnectOptions,
    ownsProvider: boolean,
  ) {
    this.#api = api;
    this.#provider = provider;
    this.endpoint = endpoint;
    this.#ownsProvider = ownsProvider;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.inclusionTimeoutMs = opts.inclusionTimeoutMs ?? 60_000;
    this.#reconnect =
      endpoint && opts.reconnect !== false
        ? { initialDelayMs: opts.reconnect?.initialDelayMs ?? 250, maxDelayMs: opts.reconnect?.maxDelayMs ?? 5000 }
        : undefined;
    this.nonces = new NonceTracker((address) => this.#fetchNonce(address));
    this.#watch();
  }

  /**
   * Connects to `local` / `test` / `finney` / a `ws://`/`wss://` URL, or wraps a provider (the in-process localnet's).
   * Resolves once the runtime metadata is loaded; fails with `ConnectTimeout` / `Aborted` otherwise.
   */
  static async connect(target: string | ProviderInterface, opts: ConnectOptions = {}): Promise<ChainClient> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    if (typeof target !== 'string') {
      const api = await ChainClient.#createApi(target, timeoutMs, opts.signal, 'the given provider');
      return new ChainClient(api, target, undefined, opts, false);
    }
    const url = resolveEndpoint(target);
    const deadline = Date.now() + timeoutMs;
    const provider = new WsProvider(url, false, {}, opts.requestTimeoutMs ?? 30_000);
    try {
      await ChainClient.#openWithBackoff(provider, url, deadline, opts);
      const api = await ChainClient.#createApi(provider, Math.max(1, deadline - Date.now()), opts.signal, url);
      const client = new ChainClient(api, provider, url, opts, true);
      await client.#recordAnchor();
      return client;
    } catch (err) {
      await provider.disconnect().catch(() => undefined);
      throw err;
    }
  }

  static async #openWithBackoff(provider: WsProvider, url: string, deadline: number, opts: ConnectOptions) {
    let delay = opts.reconnect === false ? 0 : (opts.reconnect?.initialDelayMs ?? 250);
    const maxDelay = opts.reconnect === false ? 0 : (opts.reconnect?.maxDelayMs ?? 5000);
    for (;;) {
      throwIfAborted(opts.signal, `connecting to ${url}`);
      const opened = await new Promise<boolean>((resolve) => {
        const offs: Array<() => void> = [];
        const done = (ok: boolean) => {
          for (const off of offs) off();
          clearTimeout(timer);
          resolve(ok);
        };
        offs.push(provider.on('connected', () => done(true)));
        offs.push(provider.on('disconnected', () => done(false)));
        const timer = setTimeout(() => done(false), Math.max(1, deadline - Date.now()));
        provider.connect().catch(() => done(false));
      });
      if (opened) return;
      const left = deadline - Date.now();
      if (opts.reconnect === false || left <= 0) {
        throw new ChainError('ConnectTimeout', `could not connect to ${url}`, {
          kind: 'connection',
          hint: `Is a node running at ${url}? Start one with \`subnetkit localnet\`, or pass the right endpoint (--endpoint / SUBNETKIT_ENDPOINT).`,
        });
      }
      await sleep(Math.min(delay, left), opts.signal);
      delay = Math.min(maxDelay, delay * 2);
    }
  }

  static async #createApi(
    provider: ProviderInterface,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    what: string,
  ) {
    const api = new ApiPromise({
      provider,
      noInitWarn: true,
      throwOnConnect: false,
      signedExtensions: SUBTENSOR_SIGNED_EXTENSIONS,
    });
    try {
      await bounded(api.isReadyOrError, `loading the runtime metadata from ${what}`, { timeoutMs, signal });
      return api;
    } catch (err) {
      if (ChainError.is(err)) throw err;
      throw new ChainError('ConnectFailed', `could not initialise the API over ${what}: ${(err as Error).message}`, {
        kind: 'connection',
        cause: err,
      });
    }
  }

  /** The current ApiPromise. It is replaced if the ws node comes back with a different chain, so don't keep it. */
  get api(): ApiPromise {
    this.#assertOpen();
    return this.#api;
  }

  /** The current provider (replaced along with the API after a chain change). */
  get provider(): ProviderInterface {
    this.#assertOpen();
    return this.#provider;
  }

  get isConnected(): boolean {
    return !this.#closed && !this.#rebuilding && this.#api.isConnected;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Runtime spec_version (293 locally; mainnet is newer). */
  get specVersion(): number {
    return this.#api.runtimeVersion.specVersion.toNumber();
  }

  /** Whether the runtime has `api.tx[section][method]` (camelCase names). Used to probe calls that differ. */
  hasCall(section: string, method: string): boolean {
    const tx = this.#api.tx as unknown as Record<string, Record<string, unknown> | undefined>;
    return typeof tx[section]?.[method] === 'function';
  }

  /** Whether the runtime has the runtime API method `api.call[section][method]`. */
  hasRuntimeApi(section: string, method: string): boolean {
    const call = this.#api.call as unknown as Record<string, Record<string, unknown> | undefined>;
    return typeof call[section]?.[method] === 'function';
  }

  /** Whether the runtime has the storage item `api.query[section][item]`. */
  hasStorage(section: string, item: string): boolean {
    const query = this.#api.query as unknown as Record<string, Record<string, unknown> | undefined>;
    return typeof query[section]?.[item] === 'function';
  }

  /** Notified on disconnect, reconnect and chain change. Returns the unsubscribe function. */
  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves when connected (at once if already), bounded by the options. */
  async waitConnected(opts: CallOptions = {}): Promise<void> {
    this.#assertOpen();
    if (this.isConnected) return;
    let off: (() => void) | undefined;
    try {
      await bounded(
        new Promise<void>((resolve) => {
          off = this.onConnection((s) => {
            if (s !== 'disconnected') resolve();
          });
          if (this.isConnected) resolve();
        }),
        `waiting for the connection to ${this.endpoint ?? 'the provider'}`,
        { timeoutMs: opts.timeoutMs ?? this.requestTimeoutMs, signal: opts.signal },
      );
    } finally {
      off?.();
    }
  }

  /**
   * Runs a read against the API, bounded by a timeout (default `requestTimeoutMs`) and the signal. If the connection
   * drops, it waits for the reconnect and tries again (reads are idempotent), up to 2 more times.
   */
  async read<T>(what: string, fn: (api: ApiPromise) => Promise<T>, opts: CallOptions = {}): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? this.requestTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      const left = Math.max(1, deadline - Date.now());
      try {
        return await bounded(
          async () => {
            await this.waitConnected({ timeoutMs: left, signal: opts.signal });
            return fn(this.#api);
          },
          what,
          { timeoutMs: left, signal: opts.signal },
        );
      } catch (err) {
        if (attempt >= 2 || !isConnectionError(err) || ChainError.is(err, 'Timeout') || Date.now() >= deadline) {
          throw ChainError.is(err) ? err : wrapReadError(what, err);
        }
        await sleep(50, opts.signal);
      }
    }
  }

  /**
   * Calls back on every new best block header. The subscription survives reconnects (and a chain change); the
   * returned function stops it.
   */
  subscribeNewHeads(callback: (head: NewHead) => void): () => void {
    this.#assertOpen();
    const sub = new HeadSubscription(callback);
    this.#heads.add(sub);
    sub.start(this.#api);
    return () => {
      this.#heads.delete(sub);
      sub.stop();
    };
  }

  /** Signs and submits a call; see `submit` for the guarantees. */
  submit(call: SubmittableExtrinsic<'promise'>, signer: ChainSigner, opts?: SubmitOptions): Promise<SubmitResult> {
    return submit(this, call, signer, opts);
  }

  /** `await using client = await ChainClient.connect(...)` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Closes the connection (if this client opened it) and stops all subscriptions and timers. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    for (const sub of this.#heads) sub.stop();
    this.#heads.clear();
    for (const off of this.#detach) off();
    this.#detach = [];
    this.#listeners.clear();
    if (this.#ownsProvider) {
      await this.#api.disconnect().catch(() => undefined);
    } else {
      // The provider belongs to the caller (e.g. the localnet): release only our API's subscriptions.
      const api = this.#api as unknown as { _unsubscribe?: () => void };
      api._unsubscribe?.();
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new ChainError('ClientClosed', 'the chain client was closed', { kind: 'connection' });
  }

  #emit(state: ConnectionState): void {
    for (const l of [...this.#listeners]) {
      try {
        l(state);
      } catch {
        // a listener's failure is its own business
      }
    }
  }

  #watch(): void {
    const provider = this.#provider;
    this.#detach.push(
      provider.on('disconnected', () => {
        if (this.#closed) return;
        this.#emit('disconnected');
        this.#scheduleReconnect();
      }),
      provider.on('connected', () => {
        if (this.#closed) return;
        this.#attempt = 0;
        void this.#afterReconnect();
      }),
    );
  }

  #scheduleReconnect(): void {
    const cfg = this.#reconnect;
    if (!cfg || this.#closed || this.#reconnectTimer) return;
    const base = Math.min(cfg.maxDelayMs, cfg.initialDelayMs * 2 ** this.#attempt);
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    this.#attempt++;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#closed || this.#provider.isConnected) return;
      // A refused connection fires 'disconnected' again, which schedules the next (longer) wait.
      this.#provider.connect().catch(() => this.#scheduleReconnect());
    }, delay);
    this.#reconnectTimer.unref?.();
  }

  async #afterReconnect(): Promise<void> {
    // The same URL may now serve a different chain (a restarted localnet). Our nonces and pending transactions
    // belong to the old one, and with a new genesis every signature would fail BadProof, so rebuild in that case.
    // The genesis hash alone can't tell: chopsticks gives every chain the same one. A block we saw finalized can:
    // on the same chain it never changes.
    try {
      const [genesis, anchorNow] = await Promise.all([
        this.#provider.send('chain_getBlockHash', [0]) as Promise<string | null>,
        this.#anchor
          ? (this.#provider.send('chain_getBlockHash', [this.#anchor.number]) as Promise<string | null>)
          : null,
      ]);
      if (this.#closed) return;
      const changed =
        (genesis && genesis !== this.#api.genesisHash.toHex()) || (this.#anchor && anchorNow !== this.#anchor.hash);
      if (changed) {
        await this.#replaceApi();
        return;
      }
    } catch {
      // If the check itself fails the connection is gone again; the next 'connected' retries it.
      return;
    }
    // Subscriptions that were live are re-created by the provider; one whose start failed is started again here.
    for (const sub of this.#heads) if (!sub.active) sub.start(this.#api);
    this.#emit('connected');
    void this.#recordAnchor();
  }

  /** Remembers the finalized head: if the node later doesn't have it, it is serving another chain. */
  async #recordAnchor(): Promise<void> {
    try {
      const hash = (await this.#provider.send('chain_getFinalizedHead', [])) as string;
      const header = (await this.#provider.send('chain_getHeader', [hash])) as { number: string } | null;
      if (header) this.#anchor = { number: Number(BigInt(header.number)), hash };
    } catch {
      // best effort: without an anchor only a genesis change is noticed
    }
  }

  async #replaceApi(): Promise<void> {
    if (!this.endpoint || this.#rebuilding) return;
    this.#rebuilding = true;
    const old = this.#api;
    for (const off of this.#detach) off();
    this.#detach = [];
    // Loading metadata from a busy node can be slow: retry with backoff until it works or the client is closed.
    for (let attempt = 0; !this.#closed; attempt++) {
      const provider = new WsProvider(this.endpoint, false, {}, this.requestTimeoutMs);
      const timeoutMs = Math.max(this.requestTimeoutMs, 60_000);
      try {
        await ChainClient.#openWithBackoff(provider, this.endpoint, Date.now() + timeoutMs, {
          reconnect: this.#reconnect ?? false,
        });
        const api = await ChainClient.#createApi(provider, timeoutMs, undefined, this.endpoint);
        if (this.#closed) {
          await api.disconnect().catch(() => undefined);
          return;
        }
        this.#api = api;
        this.#provider = provider;
        this.nonces.reset();
        this.#rebuilding = false;
        this.#anchor = undefined;
        this.#watch();
        void this.#recordAnchor();
        for (const sub of this.#heads) sub.start(api);
        await old.disconnect().catch(() => undefined);
        this.#emit('chain-changed');
        return;
      } catch {
        await provider.disconnect().catch(() => undefined);
        const cfg = this.#reconnect ?? { initialDelayMs: 250, maxDelayMs: 5000 };
        await new Promise((r) => setTimeout(r, Math.min(cfg.maxDelayMs, cfg.initialDelayMs * 2 ** attempt)));
      }
    }
    this.#rebuilding = false;
  }

  async #fetchNonce(address: string): Promise<bigint> {
    return this.read(`reading the nonce of ${address}`, async (api) => {
      // The pool-aware RPC and the best block's account nonce; the larger one is right even if the node's pool view
      // lags behind a just-built block (seen on the in-process chain).
      const [rpc, account] = await Promise.all([
        api.rpc.system.accountNextIndex(address),
        storage(api, 'system', 'account')(address),
      ]);
      const a = rpc.toBigInt();
      const b = BigInt((account as unknown as { nonce: { toString(): string } }).nonce.toString());
      return a > b ? a : b;
    });
  }
}

function wrapReadError(what: string, err: unknown): ChainError {
  const msg = err instanceof Error ? err.message : String(err);
  return new ChainError(isConnectionError(err) ? 'ConnectionLost' : 'ReadFailed', `${what} failed: ${msg}`, {
    kind: isConnectionError(err) ? 'connection' : 'unsupported',
    cause: err,
  });
}

class HeadSubscription {
  readonly #callback: (head: NewHead) => void;
  #unsub: (() => void) | undefined;
  #stopped = false;
  #starting = false;
  #generation = 0;

  constructor(callback: (head: NewHead) => void) {
    this.#callback = callback;
  }

  start(api: ApiPromise): void {
    this.#unsub?.();
    this.#unsub = undefined;
    const generation = ++this.#generation;
    this.#starting = true;
    // polkadot-js re-creates the underlying ws subscription after a reconnect; a new API (chain change) needs a new one.
    api.rpc.chain
      .subscribeNewHeads((header: Header) => {
        if (this.#stopped || generation !== this.#generation) return;
        this.#callback({
          number: header.number.toNumber(),
          hash: header.hash.toHex(),
          parentHash: header.parentHash.toHex(),
        });
      })
      .then(
        (unsub) => {
          if (generation === this.#generation) this.#starting = false;
          if (this.#stopped || generation !== this.#generation) unsub();
          else this.#unsub = unsub;
        },
        () => {
          if (generation === this.#generation) this.#starting = false;
        },
      );
  }

  /** Whether a subscription is established (or being established). */
  get active(): boolean {
    return this.#starting || this.#unsub !== undefined;
  }

  stop(): void {
    this.#stopped = true;
    this.#unsub?.();
    this.#unsub = undefined;
  }
}
