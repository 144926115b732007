/**
 * A nonce store in Redis, shared by several axon processes serving one hotkey, so a request replayed to a sibling
 * process is refused. The rules are the in-memory store's (`NonceStore`: a new `hotkey:uuid` key must be within 4 s +
 * timeout of now; afterwards a nonce above the newest, or an unused one inside the reorder window below it; nothing
 * far in the future; nothing from before this process started). Each key's nonces inside the window are a sorted set,
 * checked and recorded by one atomic script, so of two processes racing on one nonce only one accepts. Keys expire
 * after the widest window (4 s + max timeout, plus how far the nonce was ahead): an older nonce fails the window.
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
  /** How far below a key's newest nonce an unused one is still accepted, ns. Default 4 s; `0n`: strictly increasing. */
  reorderWindowNs?: bigint;
  /** Most nonces remembered per key inside the reorder window (the oldest is forgotten, and all below it refused). Default 128. */
  maxRecentPerKey?: number;
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

// Nonces are 19-digit decimals and Lua numbers are doubles, so the script sees them as zero-padded strings of one
// width (text order is number order) and keeps them in a sorted set whose scores are all 0 (ordered by text).
// KEYS: the key's nonces, its floor (set when the set overflowed). ARGV: n, n + window, n - window, ttl ms,
// most nonces kept, '1' to record, '1' when the new-key window passed. Returns -1 for a key not seen when not
// recording or outside the new-key window (nothing recorded: the caller applies that window), 0 refused, 1 accepted
// (and recorded when asked).
const SCRIPT = `
local top = redis.call('ZRANGE', KEYS[1], -1, -1)[1]
local n = ARGV[1]
if top then
  if ARGV[2] <= top then return 0 end
  local low = redis.call('GET', KEYS[2])
  if low and n <= low then return 0 end
  if redis.call('ZSCORE', KEYS[1], n) then return 0 end
elseif ARGV[6] == '0' or ARGV[7] == '0' then
  return -1
end
if ARGV[6] == '0' then return 1 end
redis.call('ZADD', KEYS[1], 0, n)
if not top or n > top then redis.call('ZREMRANGEBYLEX', KEYS[1], '-', '(' .. ARGV[3]) end
if redis.call('ZCARD', KEYS[1]) > tonumber(ARGV[5]) then
  local gone = redis.call('ZPOPMIN', KEYS[1])[1]
  local low = redis.call('GET', KEYS[2])
  if not low or gone > low then redis.call('SET', KEYS[2], gone) end
end
local ttl = tonumber(ARGV[4])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
if redis.call('EXISTS', KEYS[2]) == 1 and redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
return 1`;

/** Digits of a nonce as the script compares it (a nonce that does not fit is refused as too far ahead). */
const WIDTH = 24;
const pad = (n: bigint): string => (n < 0n ? 0n : n).toString().padStart(WIDTH, '0');
const REUSED: NonceVerdict = {
  ok: false,
  code: 'NONCE_REUSED',
  message: 'Nonce is too old, a newer one was last processed',
};

function seconds(ns: bigint): string {
  return (Number(ns) / 1e9).toFixed(2);
}

export class RedisNonceStore implements ReplayStore {
  readonly #redis: Redis;
  readonly #url: string;
  readonly #prefix: string;
  readonly #delta: bigint;
  readonly #reorder: bigint;
  readonly #maxRecent: number;
  readonly #maxTimeoutNs: bigint;
  readonly #maxFuture: bigint;
  readonly #clock: NsClock;
  #floor = 0n;

  constructor(options: RedisNonceStoreOptions = {}) {
    this.#url = options.url ?? 'redis://127.0.0.1:6379';
    this.#prefix = options.prefix ?? 'subnetkit:nonce:';
    this.#delta = options.allowedDeltaNs ?? ALLOWED_DELTA_NS;
    this.#reorder = options.reorderWindowNs ?? ALLOWED_DELTA_NS;
    if (typeof this.#reorder !== 'bigint' || this.#reorder < 0n)
      throw new AxonError(
        'AXON_INVALID_OPTIONS',
        `RedisNonceStore: reorderWindowNs must be a bigint >= 0n, got ${String(options.reorderWindowNs)}`,
      );
    this.#maxRecent = options.maxRecentPerKey ?? 128;
    if (!Number.isInteger(this.#maxRecent) || this.#maxRecent < 1)
      throw new AxonError(
        'AXON_INVALID_OPTIONS',
        `RedisNonceStore: maxRecentPerKey must be a positive integer, got ${String(options.maxRecentPerKey)}`,
      );
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

  /** The rules that need no stored state: missing, too far ahead. */
  #stateless(c: NonceCheck, now: bigint): NonceVerdict | undefined {
    if (c.nonce === null || c.nonce === undefined)
      return { ok: false, code: 'NONCE_MISSING', message: 'Missing Nonce' };
    const nonce = c.nonce;
    if (nonce > now + this.#maxFuture || pad(nonce + this.#reorder).length > WIDTH)
      return {
        ok: false,
        code: 'NONCE_IN_FUTURE',
        message: `Nonce is ${seconds(nonce - now)} seconds in the future (limit ${seconds(this.#maxFuture)})`,
      };
    return undefined;
  }

  /** The rule for a key not seen yet: within 4 s + timeout of now, and after this process started. */
  #newKey(c: NonceCheck, now: bigint): NonceVerdict {
    const nonce = c.nonce as bigint;
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

  /**
   * Runs the script for `c` (recording when `record`; a key not seen only when `fresh`): -1 key not seen (and not
   * recorded), 0 refused, 1 accepted.
   */
  async #run(c: NonceCheck, now: bigint, record: boolean, fresh: boolean): Promise<number> {
    const nonce = c.nonce as bigint;
    // Kept while the nonce could pass the new-key window: the widest window, plus how far ahead of now it was.
    const ahead = nonce > now ? nonce - now : 0n;
    const ttlMs = (this.#delta + this.#maxTimeoutNs + ahead) / NS_PER_MS + 1n;
    const key = this.#prefix + c.key;
    return (await this.#redis.eval(
      SCRIPT,
      2,
      `${key}:seen`,
      `${key}:low`,
      pad(nonce),
      pad(nonce + this.#reorder),
      pad(nonce - this.#reorder),
      String(ttlMs),
      String(this.#maxRecent),
      record ? '1' : '0',
      fresh ? '1' : '0',
    )) as number;
  }

  async check(c: NonceCheck): Promise<NonceVerdict> {
    const now = this.#clock();
    const early = this.#stateless(c, now);
    if (early) return early;
    const known = await this.#run(c, now, false, false);
    if (known === -1) return this.#newKey(c, now);
    return known === 1 ? { ok: true } : REUSED;
  }

  async accept(c: NonceCheck): Promise<NonceVerdict> {
    const now = this.#clock();
    const early = this.#stateless(c, now);
    if (early) return early;
    // The new-key window depends only on the clock, so it is decided here; the script decides on the stored state,
    // atomically (a sibling may have recorded the key since `check`), and records a new key only when it passed.
    const fresh = this.#newKey(c, now);
    const won = await this.#run(c, now, true, fresh.ok);
    if (won === -1) return fresh;
    return won === 1 ? { ok: true } : REUSED;
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
