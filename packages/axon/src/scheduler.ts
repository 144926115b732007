/**
 * Admission control for forwards: at most `maxConcurrency` run at once; the rest wait in a bounded queue ordered by the
 * priority hook (higher first, FIFO among equals). When the queue is full, an arrival with a higher priority than the
 * lowest waiter takes its place (that waiter gets `AXON_UNAVAILABLE`, 503); otherwise the arrival gets it. A waiter whose
 * deadline passes gets `AXON_FORWARD_TIMEOUT` (408), one whose request is aborted leaves the queue.
 */
import { rejectRequest } from './errors.js';

interface Waiter {
  priority: number;
  seq: number;
  resolve: (release: () => void) => void;
  reject: (err: Error) => void;
  cleanup: () => void;
}

export interface SchedulerOptions {
  maxConcurrency: number;
  maxQueue: number;
}

export class Scheduler {
  readonly maxConcurrency: number;
  readonly maxQueue: number;
  #running = 0;
  #seq = 0;
  // Sorted: highest priority first, then arrival order. Bounded by maxQueue, so insertion by scan is cheap.
  readonly #queue: Waiter[] = [];

  constructor(options: SchedulerOptions) {
    this.maxConcurrency = options.maxConcurrency;
    this.maxQueue = options.maxQueue;
  }

  get inFlight(): number {
    return this.#running;
  }

  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Resolves with a release function once the caller may run. Rejects with `RequestRejected` `AXON_UNAVAILABLE` (shed) or `AXON_FORWARD_TIMEOUT`
   * (`timeoutMs` passed while waiting, message `timeoutMessage`), or with the signal's reason when it aborts.
   */
  acquire(priority: number, timeoutMs: number, signal: AbortSignal, timeoutMessage: string): Promise<() => void> {
    if (this.#running < this.maxConcurrency && this.#queue.length === 0) {
      this.#running++;
      return Promise.resolve(this.#releaser());
    }
    if (this.#queue.length >= this.maxQueue) {
      const lowest = this.#queue[this.#queue.length - 1];
      if (!lowest || lowest.priority >= priority || this.maxQueue === 0) {
        return Promise.reject(rejectRequest('AXON_UNAVAILABLE', 'Service unavailable: the request queue is full'));
      }
      this.#queue.pop();
      lowest.cleanup();
      lowest.reject(
        rejectRequest('AXON_UNAVAILABLE', 'Service unavailable: shed from the full queue by a higher priority request'),
      );
    }
    return new Promise<() => void>((resolve, reject) => {
      const waiter: Waiter = { priority, seq: this.#seq++, resolve, reject, cleanup: () => {} };
      const leave = (err: Error) => {
        const i = this.#queue.indexOf(waiter);
        if (i >= 0) this.#queue.splice(i, 1);
        waiter.cleanup();
        reject(err);
      };
      const timer = setTimeout(
        () => leave(rejectRequest('AXON_FORWARD_TIMEOUT', timeoutMessage)),
        Math.max(0, timeoutMs),
      );
      const onAbort = () => leave(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      waiter.cleanup = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      let i = this.#queue.length;
      while (i > 0 && this.#queue[i - 1]!.priority < priority) i--;
      this.#queue.splice(i, 0, waiter);
    });
  }

  #releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#running--;
      this.#next();
    };
  }

  #next(): void {
    while (this.#running < this.maxConcurrency && this.#queue.length > 0) {
      const w = this.#queue.shift()!;
      w.cleanup();
      this.#running++;
      w.resolve(this.#releaser());
    }
  }
}
