import { ChainError } from './errors.js';

export interface CallOptions {
  /** Give up after this many milliseconds (a ChainError `Timeout`). */
  timeoutMs?: number;
  /** Give up when this signal aborts (a ChainError `Aborted`). */
  signal?: AbortSignal;
}

/** Rejects with a ChainError `Aborted` if the signal has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) {
    throw new ChainError('Aborted', `${what} aborted`, { kind: 'connection', cause: signal.reason });
  }
}

/**
 * Runs `work` bounded by a timeout and an AbortSignal. The work itself cannot always be cancelled (an RPC in
 * flight), but the caller is never left waiting: it gets `Timeout` or `Aborted` and the late result is dropped.
 */
export function bounded<T>(work: Promise<T> | (() => Promise<T>), what: string, opts: CallOptions): Promise<T> {
  const { timeoutMs, signal } = opts;
  throwIfAborted(signal, what);
  const promise = typeof work === 'function' ? work() : work;
  if (timeoutMs === undefined && !signal) return promise;
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      cleanup();
      reject(new ChainError('Aborted', `${what} aborted`, { kind: 'connection', cause: signal?.reason }));
    };
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        cleanup();
        reject(new ChainError('Timeout', `${what} timed out after ${timeoutMs} ms`, { kind: 'connection' }));
      }, timeoutMs);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        cleanup();
        resolve(v);
      },
      (e) => {
        cleanup();
        reject(e);
      },
    );
  });
}

/** Sleeps, waking early (with `Aborted`) when the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return bounded(new Promise<void>((r) => setTimeout(r, ms).unref?.()), 'wait', { signal });
}
