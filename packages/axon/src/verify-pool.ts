/**
 * A small, bounded pool of worker threads for sr25519 verification, so that a burst of signed requests uses every core
 * it is given and never blocks the event loop. Jobs posted in the same event-loop turn (all requests read in one poll phase) travel to a worker as one batch (fewer
 * messages); each worker gets the batch when it has the fewest outstanding jobs. More than `maxPending` outstanding jobs
 * are refused (the caller answers 503) instead of queueing without bound.
 */
import { Worker } from 'node:worker_threads';
import { AxonError } from './errors.js';

/** Which form verified (raw message or `<Bytes>`-wrapped), false when none did, or an error text. */
export type VerifyResult = 'raw' | 'wrapped' | false | { error: string };

interface VerifyJob {
  id: number;
  message: string;
  signature: Uint8Array;
  publicKey: Uint8Array;
}

interface VerifyAnswer {
  id: number;
  result: 'raw' | 'wrapped' | false;
}

interface Slot {
  worker: Worker;
  outstanding: number;
}

export class VerifyPool {
  readonly size: number;
  readonly maxPending: number;
  readonly #slots: Slot[] = [];
  readonly #pending = new Map<number, (r: VerifyResult) => void>();
  #batch: VerifyJob[] = [];
  #nextId = 1;
  #closed = false;

  private constructor(size: number, maxPending: number) {
    this.size = size;
    this.maxPending = maxPending;
  }

  /** Starts `size` workers and waits until each has its crypto backend ready. */
  static async start(size: number, maxPending = 4096): Promise<VerifyPool> {
    const pool = new VerifyPool(size, maxPending);
    const url = new URL('./verify-worker.mjs', import.meta.url);
    await Promise.all(
      Array.from({ length: size }, async () => {
        const worker = new Worker(url);
        const slot: Slot = { worker, outstanding: 0 };
        await new Promise<void>((resolve, reject) => {
          const onError = (err: Error) =>
            reject(
              new AxonError('AXON_VERIFY_POOL', `verification worker failed to start: ${err.message}`, { cause: err }),
            );
          worker.once('error', onError);
          worker.once('message', (m) => {
            worker.off('error', onError);
            if (m === 'ready') resolve();
            else reject(new AxonError('AXON_VERIFY_POOL', 'verification worker sent an unexpected first message'));
          });
        });
        worker.on('message', (answers: VerifyAnswer[]) => {
          slot.outstanding -= answers.length;
          for (const a of answers) {
            const done = pool.#pending.get(a.id);
            pool.#pending.delete(a.id);
            done?.(a.result);
          }
        });
        worker.on('error', (err) => pool.#fail(slot, err));
        // After the listeners: adding a 'message' listener refs the worker's port again.
        worker.unref();
        pool.#slots.push(slot);
      }),
    ).catch(async (err) => {
      await pool.close();
      throw err;
    });
    return pool;
  }

  get pending(): number {
    return this.#pending.size;
  }

  /**
   * Verifies a 64-byte `signature` over `message` by a 32-byte `publicKey`. Rejects with `AxonError('AXON_VERIFY_POOL')`
   * when saturated or closed.
   */
  verify(message: string, signature: Uint8Array, publicKey: Uint8Array): Promise<VerifyResult> {
    if (this.#closed) return Promise.reject(new AxonError('AXON_VERIFY_POOL', 'verification pool is closed'));
    if (this.#pending.size >= this.maxPending)
      return Promise.reject(new AxonError('AXON_VERIFY_POOL', 'verification pool is saturated'));
    const id = this.#nextId++;
    return new Promise<VerifyResult>((resolve) => {
      this.#pending.set(id, resolve);
      if (this.#batch.length === 0) setImmediate(() => this.#flush());
      this.#batch.push({ id, message, signature, publicKey });
    });
  }

  #flush(): void {
    const jobs = this.#batch;
    this.#batch = [];
    if (jobs.length === 0 || this.#slots.length === 0) return;
    // Split a large batch across workers so each core gets a share.
    const per = Math.ceil(jobs.length / this.#slots.length);
    for (let i = 0; i < jobs.length; i += per) {
      let best = this.#slots[0]!;
      for (const s of this.#slots) if (s.outstanding < best.outstanding) best = s;
      const part = jobs.slice(i, i + per);
      best.outstanding += part.length;
      best.worker.postMessage(part);
    }
  }

  #fail(slot: Slot, err: Error): void {
    // A crashed worker loses its jobs; fail everything outstanding rather than guess which ones were its.
    const i = this.#slots.indexOf(slot);
    if (i >= 0) this.#slots.splice(i, 1);
    for (const [id, done] of this.#pending) {
      this.#pending.delete(id);
      done({ error: `verification worker crashed: ${err.message}` });
    }
  }

  /** Terminates the workers; jobs still pending resolve with an error (the caller answers 503). */
  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
    for (const [id, done] of this.#pending) {
      this.#pending.delete(id);
      done({ error: 'verification pool closed' });
    }
  }

  /** `await using pool = await VerifyPool.start(n)` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
