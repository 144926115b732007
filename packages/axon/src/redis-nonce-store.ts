/**
 * A nonce store in Redis, shared by several axon processes serving one hotkey, so a request replayed to a sibling
 * process is refused. The rules are the in-memory store's (spec §3.3: a new `hotkey:uuid` key must be within 4 s +
 * timeout of now, then only strictly increasing nonces; nothing far in the future; nothing from before this process
 * started), and the last nonce per key is recorded by one atomic script, so of two processes racing on one nonce only
 * one accepts. Keys expire after the widest window (4 s + max timeout): an older nonce fails the window anyway.
 *
 * Fail-closed: when Redis cannot be reached, `ready()` (run by `axon.start()`) throws a clear error, and a request
 * arriving while it is down is answered 503 — never accepted unchecked.
 *
 * @example
 * const store = new RedisNonceStore({ url: 'redis://127.0.0.1:6379' });
 * const axon = new Axon({ signer, port: 8091, nonceStore: store });
 * await axon.start(); // throws if Redis is down
 * // ... await axon.close(); await store.close();
 */
import {
  ALLOWED_DELTA_NS,
  type NonceCheck,
  type NonceVerdict,
  type NsClock,
  resolveMaxTimeoutMs,
  wallClockNs,
} from '@subnetkit/synapse';
import { Redis } from 'ioredis';
import { AxonError } from './errors.js';

/** What the axon needs of a nonce store; `NonceStore` (in memory, the default) and `RedisNonceStore` both are one. */
export interface ReplayStore {
  /** Applies the rules without recording (before the signature is verified). */
  check(c: NonceCheck): NonceVerdict | Promise<NonceVerdict>;
  /** Applies the rules and records the nonce, atomically (after the signature verified). */
  accept(c: NonceCheck): NonceVerdict | Promise<NonceVerdict>;
  /** New keys must have nonces after this instant (the axon's start), ns. */
  setFloor(ns: bigint): void;
  /** Optional: resolves when the store is usable, throws a clear error otherwise (run by `axon.start()`). */
  ready?(): Promise<void>;
}

export interface RedisNonceStoreOptions {
  /** `redis://host:port/db`. Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Key prefix, so several subnets can share one Redis. Default `subnetkit:nonce:`. */
  prefix?: string;
  /** Window slack added to the timeout, ns. Default 4 s. */
  allowedDeltaNs?: bigint;
  /** Cap on the client-chosen timeout in the window, ms. Default 60 000 (set it to the axon's `maxTimeoutMs`). */
  maxTimeoutMs?: number;
  /** @deprecated Use `maxTimeoutMs` (this one is in seconds). */
  maxTimeoutSeconds?: number;
  /** Reject nonces further than this in the future, ns. Default 60 s. */
  maxFutureNs?: bigint;
  /** Each Redis command must answer within this many ms, else the request gets 503. Default 1000. */
  commandTimeoutMs?: number;
  clock?: NsClock;
}

const NS_PER_MS = 1_000_000n;

// Nonces are decimal strings of up to 19+ digits: Lua numbers are doubles, so they are compared as strings (longer is
// larger; equal lengths compare as text). Only positive nonces reach the script (the window rule refuses the rest).
const ACCEPT = `
local prev = redis.call('GET', KEYS[1])
local n = ARGV[1]
if prev and (#prev > #n or (#prev == #n and prev >= n)) then return 0 end
redis.call('SET', KEYS[1], n, 'PX', ARGV[2])
return 1`;

function seconds(ns: bigint): string {
  return (Number(ns) / 1e9).toFixed(2);
}

export class RedisNonceStore implements ReplayStore {
  readonly #redis: Redis;
  readonly #url: string;
  readonly #prefix: string;
  readonly #delta: bigint;
  readonly #maxTimeoutNs: bigint;
  readonly #maxFuture: bigint;
  readonly #clock: NsClock;
  #floor = 0n;

  constructor(options: RedisNonceStoreOptions = {}) {
    this.#url = options.url ?? 'redis://127.0.0.1:6379';
    this.#prefix = options.prefix ?? 'subnetkit:nonce:';
    this.#delta = options.allowedDeltaNs ?? ALLOWED_DELTA_NS;
    this.#maxTimeoutNs = BigInt(Math.round(resolveMaxTimeoutMs('RedisNonceStore', options) * 1e6));
    this.#maxFuture = options.maxFutureNs ?? 60_000_000_000n;
    this.#clock = options.clock ?? wallClockNs;
    this.#redis = new Redis(this.#url, {
      lazyConnect: true,
      // Fail, do not queue, while disconnected: a queued check would hold the request (and could run late).
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 1000,
      connectTimeout: options.commandTimeoutMs ?? 1000,
      retryStrategy: (times) => Math.min(times * 200, 2000), // keep reconnecting in the background
    });
    // Connection errors surface as failed commands (503); without a listener ioredis would log each one.
    this.#redis.on('error', () => {});
  }

  /** Connects and pings Redis; throws `AxonError('AXON_NONCE_STORE')` naming the URL when it cannot. */
  async ready(): Promise<void> {
    try {
      if (this.#redis.status === 'wait' || this.#redis.status === 'end') await this.#redis.connect();
      await this.#redis.ping();
    } catch (err) {
      throw new AxonError(
        'AXON_NONCE_STORE',
        `the Redis nonce store at ${this.#url} is unreachable (${(err as Error).message}); the axon does not start without it`,
        { cause: err },
      );
    }
  }

  setFloor(ns: bigint): void {
    if (ns > this.#floor) this.#floor = ns;
  }

  /** The rules that need no stored state: missing, too far ahead; for a key not seen yet, the window and floor. */
  #local(c: NonceCheck, stored: string | null): NonceVerdict {
    if (c.nonce === null || c.nonce === undefined)
      return { ok: false, code: 'NONCE_MISSING', message: 'Missing Nonce' };
    const now = this.#clock();
    const nonce = c.nonce;
    if (nonce > now + this.#maxFuture)
      return {
        ok: false,
        code: 'NONCE_IN_FUTURE',
        message: `Nonce is ${seconds(nonce - now)} seconds in the future (limit ${seconds(this.#maxFuture)})`,
      };
    if (stored !== null) {
      if (nonce <= BigInt(stored))
        return { ok: false, code: 'NONCE_REUSED', message: 'Nonce is too old, a newer one was last processed' };
      return { ok: true };
    }
    const t = c.timeout && Number.isFinite(c.timeout) && c.timeout > 0 ? BigInt(Math.round(c.timeout * 1e9)) : 0n;
    const allowed = this.#delta + (t > this.#maxTimeoutNs ? this.#maxTimeoutNs : t);
    if (nonce <= now - allowed)
      return {
        ok: false,
        code: 'NONCE_TOO_OLD',
        message: `Nonce is too old: acceptable delta is ${seconds(allowed)} seconds but request was ${seconds(now - nonce)} seconds old`,
      };
    if (nonce <= this.#floor)
      return {
        ok: false,
        code: 'NONCE_TOO_OLD',
        message: 'Nonce is too old: it predates what this axon can vouch for',
      };
    return { ok: true };
  }

  async check(c: NonceCheck): Promise<NonceVerdict> {
    const first = this.#local(c, null);
    if (!first.ok && first.code !== 'NONCE_TOO_OLD') return first;
    const stored = await this.#redis.get(this.#prefix + c.key);
    return this.#local(c, stored);
  }

  async accept(c: NonceCheck): Promise<NonceVerdict> {
    const v = await this.check(c);
    if (!v.ok) return v;
    const ttlMs = (this.#delta + this.#maxTimeoutNs) / NS_PER_MS;
    const won = await this.#redis.eval(ACCEPT, 1, this.#prefix + c.key, String(c.nonce), String(ttlMs));
    if (won !== 1)
      return { ok: false, code: 'NONCE_REUSED', message: 'Nonce is too old, a newer one was last processed' };
    return { ok: true };
  }

  /** Closes the Redis connection. */
  async close(): Promise<void> {
    this.#redis.disconnect();
  }

  /** `await using store = new RedisNonceStore(...)` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
