/**
 * Per-key token buckets (one key per verified hotkey). Bounded: at most `maxKeys` buckets, least recently used
 * evicted first (an evicted key starts again with a full bucket, which only ever errs toward admitting).
 */
export interface RateLimitOptions {
  /** Sustained requests per second per hotkey. */
  perSecond: number;
  /** Bucket size: requests a hotkey may send in a burst. Default 2 × perSecond. */
  burst?: number;
  /** Most hotkeys tracked. Default 10 000. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  readonly #rate: number;
  readonly #burst: number;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;

  constructor(options: RateLimitOptions, now: () => number = performance.now.bind(performance)) {
    this.#rate = options.perSecond;
    this.#burst = options.burst ?? options.perSecond * 2;
    this.#maxKeys = options.maxKeys ?? 10_000;
    this.#now = now;
  }

  get size(): number {
    return this.#buckets.size;
  }

  /** Takes one token for `key`; returns 0 when admitted, else the seconds until a token is available. */
  take(key: string): number {
    const now = this.#now();
    let b = this.#buckets.get(key);
    if (b) {
      this.#buckets.delete(key);
      b.tokens = Math.min(this.#burst, b.tokens + ((now - b.at) / 1000) * this.#rate);
      b.at = now;
    } else {
      b = { tokens: this.#burst, at: now };
      if (this.#buckets.size >= this.#maxKeys) {
        const oldest = this.#buckets.keys().next().value as string;
        this.#buckets.delete(oldest);
      }
    }
    this.#buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return (1 - b.tokens) / this.#rate;
  }
}
