import { MetagraphError } from './errors.js';
import type { SyncOptions } from './metagraph.js';

export interface PeriodicSyncOptions {
  /** Time between the end of one sync and the start of the next. */
  intervalMs: number;
  /** Stops the loop when aborted (as `close()` does). */
  signal?: AbortSignal;
  /** Passed to every `sync` (lite by default). */
  sync?: Omit<SyncOptions, 'signal'>;
  /** Called after each successful sync. An exception thrown here is reported to `onError`. */
  onSync?: () => void;
  /** Called with each failure; the loop keeps going. Default: ignore (the last one is in `lastError`). */
  onError?: (error: unknown) => void;
}

export interface PeriodicSync {
  /** Stops the loop; resolves once a sync in flight has ended. Idempotent. */
  close(): Promise<void>;
  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
  /** @deprecated Use `close()` (one name for ending a resource). */
  stop(): Promise<void>;
  readonly running: boolean;
  /** Successful and failed syncs so far. */
  readonly syncs: number;
  readonly failures: number;
  readonly lastError: unknown;
}

interface Syncable {
  sync(options?: SyncOptions): Promise<unknown>;
}

/**
 * Runs `target.sync()` now and then `intervalMs` after each one ends, so syncs never overlap however slow the chain
 * is. A failed sync is reported to `onError` and the loop goes on; only `close()` or the signal ends it.
 */
export function startPeriodicSync(target: Syncable, options: PeriodicSyncOptions): PeriodicSync {
  if (!Number.isFinite(options.intervalMs) || options.intervalMs < 0) {
    throw new MetagraphError(
      'METAGRAPH_INVALID_INPUT',
      `intervalMs must be a non-negative number, got ${options.intervalMs}`,
    );
  }
  const stopper = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stopper.signal]) : stopper.signal;
  const state = { running: true, syncs: 0, failures: 0, lastError: undefined as unknown };
  const report = (err: unknown) => {
    state.failures++;
    state.lastError = err;
    try {
      options.onError?.(err);
    } catch {
      // the error handler's own failure must not end the loop
    }
  };
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });

  const loop = (async () => {
    while (!signal.aborted) {
      try {
        await target.sync({ ...options.sync, signal });
        if (signal.aborted) break;
        state.syncs++;
        options.onSync?.();
      } catch (err) {
        if (signal.aborted) break;
        report(err);
      }
      await wait(options.intervalMs);
    }
    state.running = false;
  })();

  const close = async () => {
    stopper.abort();
    await loop;
  };
  return {
    close,
    [Symbol.asyncDispose]: close,
    stop: close,
    get running() {
      return state.running;
    },
    get syncs() {
      return state.syncs;
    },
    get failures() {
      return state.failures;
    },
    get lastError() {
      return state.lastError;
    },
  };
}
