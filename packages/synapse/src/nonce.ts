/**
 * Nonces (spec §3.3): the dendrite sends `time_ns()`; the axon accepts a new `hotkey:uuid` key only if its nonce is
 * within 4 s + timeout of now. Afterwards Python accepts only strictly increasing nonces, which refuses an honest
 * dendrite whose concurrent requests overtake each other (on the wire, or in the axon's own verification workers).
 * `NonceStore` accepts, for a known key, any nonce above the newest one, and a nonce up to the reorder window (4 s)
 * below it that the key has not used yet: every accepted nonce in that window is remembered, so each replay is still
 * refused. A pure, bounded store: no timers, no I/O, an injectable clock.
 */
import { SynapseError } from './errors.js';

export type NsClock = () => bigint;

/** Wall-clock nanoseconds (millisecond resolution; NonceGenerator makes values unique). */
export const wallClockNs: NsClock = () => BigInt(Date.now()) * 1_000_000n;

/** Strictly increasing nanosecond nonces for one dendrite instance: `max(last + 1, now)`. */
export class NonceGenerator {
  #last = 0n;
  constructor(private readonly clock: NsClock = wallClockNs) {}
  next(): bigint {
    const now = this.clock();
    this.#last = now > this.#last ? now : this.#last + 1n;
    return this.#last;
  }
}

/** 4 s, bittensor's ALLOWED_DELTA. */
export const ALLOWED_DELTA_NS = 4_000_000_000n;
/** Dendrite version from which Python applies the time-window rule (7.2.0). */
export const V_7_2_0 = 7002000;

export interface NonceStoreOptions {
  /** Most keys kept (LRU). Default 100 000. */
  maxKeys?: number;
  /**
   * Most memory the entries may take, estimated as UTF-16 key bytes, a fixed per-entry overhead and 32 bytes per
   * remembered nonce (LRU beyond it,
   * with the same floor rule as `maxKeys`). Default 32 MiB.
   */
  maxBytes?: number;
  /** Window slack added to the timeout, in ns. Default 4 s. */
  allowedDeltaNs?: bigint;
  /**
   * How far below a key's newest nonce an unused nonce is still accepted (requests overtaking each other), ns.
   * Default 4 s; `0n` is Python's rule (strictly increasing only).
   */
  reorderWindowNs?: bigint;
  /**
   * Most nonces remembered per key inside the reorder window; when more arrive, the oldest is forgotten and every
   * nonce at or below it is refused for that key. Default 128.
   */
  maxRecentPerKey?: number;
  /** Cap on the (unsigned, client-chosen) timeout used in the window, ms. Default 60 000. */
  maxTimeoutMs?: number;
  /** @deprecated Use `maxTimeoutMs` (this one is in seconds). */
  maxTimeoutSeconds?: number;
  /** Reject nonces further than this in the future, in ns (Python has no bound). Default 60 s; `null` = unbounded. */
  maxFutureNs?: bigint | null;
  /** Reject new keys whose nonce is not after this instant (e.g. the axon's start), in ns. */
  floorNs?: bigint;
  /**
   * Apply Python's legacy rule (monotonic only, no window) to dendrites older than 7.2.0. Default false: the window
   * applies to every version.
   */
  legacyRuleForOldVersions?: boolean;
  clock?: NsClock;
}

export type NonceVerdict =
  | { ok: true }
  | { ok: false; code: 'NONCE_TOO_OLD' | 'NONCE_REUSED' | 'NONCE_IN_FUTURE' | 'NONCE_MISSING'; message: string };

export interface NonceCheck {
  /** `"{dendrite.hotkey}:{dendrite.uuid}"` */
  key: string;
  nonce: bigint | null | undefined;
  /** The synapse timeout header, seconds (null = 0). */
  timeout?: number | null;
  /** The dendrite's version_as_int. */
  version?: number | null;
}

/**
 * The timeout cap of a store's options in ms, from `maxTimeoutMs` or the deprecated `maxTimeoutSeconds` (default 60 s).
 * Throws `SYNAPSE_INVALID_OPTIONS` naming the option when it is not a positive number or both are given.
 */
export function resolveMaxTimeoutMs(
  owner: string,
  options: { maxTimeoutMs?: number; maxTimeoutSeconds?: number },
): number {
  const { maxTimeoutMs: ms, maxTimeoutSeconds: s } = options;
  if (ms !== undefined && s !== undefined)
    throw new SynapseError('SYNAPSE_INVALID_OPTIONS', `${owner}: give maxTimeoutMs or maxTimeoutSeconds, not both`);
  const [name, value] = s !== undefined ? ['maxTimeoutSeconds', s] : ['maxTimeoutMs', ms];
  if (value === undefined) return 60_000;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new SynapseError(
      'SYNAPSE_INVALID_OPTIONS',
      `${owner}: ${name} must be a positive number, got ${String(value)}`,
    );
  return s !== undefined ? value * 1000 : value;
}

const NS_PER_S = 1_000_000_000n;

/** What the store keeps per key. */
interface Seen {
  /** The newest nonce accepted. */
  last: bigint;
  /** The accepted nonces (`last` included) above `last - reorderWindow` and `low`, oldest accepted first; a few below may linger. */
  recent: bigint[];
  /** Nonces at or below it are refused (raised when `recent` overflows). */
  low: bigint;
}

/** Estimated bytes of one entry: the key's UTF-16 characters, the Map slot, the record and its remembered bigints. */
function entryBytes(key: string, e: Seen): number {
  return key.length * 2 + 128 + e.recent.length * 32;
}

function seconds(ns: bigint): string {
  return (Number(ns) / 1e9).toFixed(2);
}

/**
 * A bounded store of the nonces each key used: the newest, and the ones inside the reorder window below it.
 *
 * Bounds: at most `maxKeys` entries and about `maxBytes` (each remembered nonce counted), at most
 * `maxRecentPerKey` nonces per key; an entry whose nonce is older than the widest window (4 s + maxTimeout) is dropped
 * because such a nonce would fail the new-key window anyway, so forgetting it opens no replay. When the LRU bound
 * forces out a younger entry, its nonce raises a floor that new keys must exceed, so eviction never re-admits a replay
 * (at worst a new client must retry with a fresh nonce).
 *
 * Call `check` before verifying the signature and `commit` after it passes, in the same tick (or use `accept` after
 * verification), so that two requests cannot both pass on the same nonce.
 */
export class NonceStore {
  readonly maxKeys: number;
  readonly maxBytes: number;
  #bytes = 0;
  readonly #entries = new Map<string, Seen>();
  readonly #delta: bigint;
  readonly #reorder: bigint;
  readonly #maxRecent: number;
  readonly #maxTimeoutNs: bigint;
  readonly #maxFuture: bigint | null;
  readonly #legacy: boolean;
  readonly #clock: NsClock;
  #floor: bigint;

  constructor(options: NonceStoreOptions = {}) {
    this.maxKeys = options.maxKeys ?? 100_000;
    if (!Number.isInteger(this.maxKeys) || this.maxKeys < 1)
      throw new SynapseError(
        'SYNAPSE_INVALID_OPTIONS',
        `NonceStore: maxKeys must be a positive integer, got ${this.maxKeys}`,
      );
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    if (!Number.isInteger(this.maxBytes) || this.maxBytes < 1)
      throw new SynapseError(
        'SYNAPSE_INVALID_OPTIONS',
        `NonceStore: maxBytes must be a positive integer, got ${this.maxBytes}`,
      );
    this.#delta = options.allowedDeltaNs ?? ALLOWED_DELTA_NS;
    this.#reorder = options.reorderWindowNs ?? ALLOWED_DELTA_NS;
    if (typeof this.#reorder !== 'bigint' || this.#reorder < 0n)
      throw new SynapseError(
        'SYNAPSE_INVALID_OPTIONS',
        `NonceStore: reorderWindowNs must be a bigint >= 0n, got ${String(options.reorderWindowNs)}`,
      );
    this.#maxRecent = options.maxRecentPerKey ?? 128;
    if (!Number.isInteger(this.#maxRecent) || this.#maxRecent < 1)
      throw new SynapseError(
        'SYNAPSE_INVALID_OPTIONS',
        `NonceStore: maxRecentPerKey must be a positive integer, got ${this.#maxRecent}`,
      );
    this.#maxTimeoutNs = BigInt(Math.round(resolveMaxTimeoutMs('NonceStore', options) * 1e6));
    this.#maxFuture = options.maxFutureNs === undefined ? 60n * NS_PER_S : options.maxFutureNs;
    this.#legacy = options.legacyRuleForOldVersions ?? false;
    this.#clock = options.clock ?? wallClockNs;
    this.#floor = options.floorNs ?? 0n;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The estimated memory the entries take (what `maxBytes` bounds). */
  get bytes(): number {
    return this.#bytes;
  }

  #delete(key: string): void {
    const e = this.#entries.get(key);
    if (e && this.#entries.delete(key)) this.#bytes -= entryBytes(key, e);
  }

  /** Raises the floor new keys must exceed (e.g. to the axon's start time). */
  setFloor(ns: bigint): void {
    if (ns > this.#floor) this.#floor = ns;
  }

  #timeoutNs(timeout: number | null | undefined): bigint {
    if (!timeout || !Number.isFinite(timeout) || timeout < 0) return 0n;
    const t = BigInt(Math.round(timeout * 1e9));
    return t > this.#maxTimeoutNs ? this.#maxTimeoutNs : t;
  }

  /** Applies the rules without changing the store. */
  check(c: NonceCheck): NonceVerdict {
    if (c.nonce === null || c.nonce === undefined)
      return { ok: false, code: 'NONCE_MISSING', message: 'Missing Nonce' };
    const now = this.#clock();
    this.#expire(now);
    const nonce = c.nonce;
    if (this.#maxFuture !== null && nonce > now + this.#maxFuture) {
      return {
        ok: false,
        code: 'NONCE_IN_FUTURE',
        message: `Nonce is ${seconds(nonce - now)} seconds in the future (limit ${seconds(this.#maxFuture)})`,
      };
    }
    const seen = this.#entries.get(c.key);
    if (seen !== undefined) {
      if (nonce > seen.last) return { ok: true };
      // Below the newest: only inside the reorder window, and never one this key already used.
      if (nonce <= seen.last - this.#reorder || nonce <= seen.low || seen.recent.includes(nonce))
        return { ok: false, code: 'NONCE_REUSED', message: 'Nonce is too old, a newer one was last processed' };
      return { ok: true };
    }
    const legacy = this.#legacy && (c.version === null || c.version === undefined || c.version < V_7_2_0);
    if (legacy) return { ok: true };
    const allowed = this.#delta + this.#timeoutNs(c.timeout);
    const window = now - allowed;
    if (nonce <= window) {
      return {
        ok: false,
        code: 'NONCE_TOO_OLD',
        message: `Nonce is too old: acceptable delta is ${seconds(allowed)} seconds but request was ${seconds(now - nonce)} seconds old`,
      };
    }
    if (nonce <= this.#floor) {
      return {
        ok: false,
        code: 'NONCE_TOO_OLD',
        message: 'Nonce is too old: it predates what this axon can vouch for',
      };
    }
    return { ok: true };
  }

  /** Records `nonce` as used by `key` (call after the signature verified). */
  commit(key: string, nonce: bigint): void {
    const e = this.#entries.get(key) ?? { last: nonce, recent: [], low: 0n };
    this.#delete(key); // re-inserted below: the Map's order is the LRU order
    if (nonce > e.last) e.last = nonce;
    if (!e.recent.includes(nonce)) e.recent.push(nonce);
    // Nonces at or below the window's bottom are refused by the window itself: no need to remember them. The list
    // is in acceptance order, so a reordered one may linger below the bottom until the overflow takes it.
    const bottom = e.last - this.#reorder;
    let drop = 0;
    while (drop < e.recent.length && e.recent[drop]! <= bottom) drop++;
    if (drop > 0) e.recent.splice(0, drop);
    if (e.recent.length > this.#maxRecent) {
      let min = 0;
      for (let i = 1; i < e.recent.length; i++) if (e.recent[i]! < e.recent[min]!) min = i;
      const forgotten = e.recent[min]!;
      e.recent.splice(min, 1);
      if (forgotten > e.low) e.low = forgotten;
    }
    this.#entries.set(key, e);
    this.#bytes += entryBytes(key, e);
    while (this.#entries.size > this.maxKeys || (this.#bytes > this.maxBytes && this.#entries.size > 1)) {
      const [oldKey, old] = this.#entries.entries().next().value as [string, Seen];
      this.#delete(oldKey);
      this.setFloor(old.last);
    }
  }

  /** `check`, then `commit` when it passes. */
  accept(c: NonceCheck): NonceVerdict {
    const v = this.check(c);
    if (v.ok) this.commit(c.key, c.nonce as bigint);
    return v;
  }

  /** The newest nonce stored for a key, if any. */
  last(key: string): bigint | undefined {
    return this.#entries.get(key)?.last;
  }

  // Entries are in LRU order (oldest touch first), not nonce order, so expiry scans from the front while entries are
  // dead and stops at the first live one; the cost is amortised over the inserts that created them.
  #expire(now: bigint): void {
    const dead = now - this.#delta - this.#maxTimeoutNs;
    for (const [k, e] of this.#entries) {
      if (e.last > dead) break;
      this.#delete(k);
    }
  }
}
