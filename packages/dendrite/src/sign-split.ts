/**
 * Who signs a forward's requests: the calling thread or the Dendrite's signing pool. A small fan-out is signed here
 * (a worker round trip costs more than a few signatures, and each request leaves as soon as it is signed). A larger
 * one is split: the pool's workers sign the last requests while this thread signs and sends the first ones.
 *
 * The split adapts to the machine: after each split forward it compares when this thread finished its share with
 * when the pool's last signature arrived, and moves the share toward the side that finished first. On an idle
 * multi-core machine the workers take most of the work; on a loaded one, where worker threads wait for a core and
 * each handoff costs two wake-ups, this thread takes more.
 */
import { performance } from 'node:perf_hooks';

/** Fan-outs up to this size are signed on the calling thread. Also the least the pool gets when it gets any. */
export const SIGN_HERE_UP_TO = 16;

/** The share of a split forward signed here, learned across forwards (one per Dendrite). */
export class SignSplit {
  #fraction: number | undefined;

  /** The share signed here now (before anything was learned: an equal share per thread). */
  fraction(workers: number): number {
    return this.#fraction ?? 1 / (workers + 1);
  }

  /** How many of `n` requests (the first ones) this thread signs, with `workers` loaded pool workers. */
  signedHere(n: number, workers: number): number {
    if (n <= SIGN_HERE_UP_TO || workers === 0) return n;
    // The pool keeps at least one batch, so its speed keeps being measured even when this thread is faster.
    return Math.max(1, Math.min(n - SIGN_HERE_UP_TO, Math.round(n * this.fraction(workers))));
  }

  /** The tracker of one split forward: `here` of `n` requests signed on this thread. */
  begin(here: number, n: number): ForwardSplit {
    return new ForwardSplit(this, here, n);
  }

  /** @internal Called by a ForwardSplit once both shares are signed. */
  learn(here: number, n: number, hereMs: number, poolMs: number): void {
    const f = here / n;
    let next: number;
    if (poolMs <= hereMs * 1.05) {
      // The pool's signatures were waiting for this thread (they are read only when it is free): the workers were
      // at least as fast as measured, so give them a little more.
      next = f * 0.9;
    } else {
      // Both rates measured: the share at which both sides would have finished together.
      const hereRate = here / Math.max(hereMs, 0.01);
      const poolRate = (n - here) / poolMs;
      next = hereRate / (hereRate + poolRate);
    }
    const blended = 0.5 * f + 0.5 * next;
    this.#fraction = Math.min(1, Math.max(0.05, blended));
  }
}

/**
 * One split forward. The requests signed here wait at `gate` until the pool has handed its share to the workers
 * (its flush is a microtask queued by the first `signAsync`); `open()` is queued after that flush.
 */
export class ForwardSplit {
  readonly gate: Promise<void>;
  readonly #owner: SignSplit;
  readonly #here: number;
  readonly #n: number;
  #hereLeft: number;
  #poolLeft: number;
  #openedAt = 0;
  #hereDoneAt = 0;
  #poolDoneAt = 0;
  #open!: () => void;

  constructor(owner: SignSplit, here: number, n: number) {
    this.#owner = owner;
    this.#here = here;
    this.#n = n;
    this.#hereLeft = here;
    this.#poolLeft = n - here;
    this.gate = new Promise<void>((resolve) => {
      this.#open = resolve;
    });
  }

  /** Lets the requests signed here go (after the pool's flush). */
  open(): void {
    this.#openedAt = performance.now();
    this.#open();
  }

  /** One request signed (and sent) on this thread. */
  signedHere(): void {
    if (--this.#hereLeft === 0) {
      this.#hereDoneAt = performance.now();
      this.#maybeLearn();
    }
  }

  /** One request's signatures came back from the pool. */
  signedOnPool(): void {
    if (--this.#poolLeft === 0) {
      this.#poolDoneAt = performance.now();
      this.#maybeLearn();
    }
  }

  #maybeLearn(): void {
    if (this.#hereDoneAt === 0 || this.#poolDoneAt === 0) return;
    this.#owner.learn(this.#here, this.#n, this.#hereDoneAt - this.#openedAt, this.#poolDoneAt - this.#openedAt);
  }
}
