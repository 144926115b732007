/**
 * sr25519 signing on worker threads, for callers that sign many messages at once (a dendrite signs one per axon:
 * 256 signatures are ~90 ms of main-thread CPU at ~0.35 ms each). `signAsync` queues a message; queued messages
 * are sent to the workers in small batches at the end of the current tick, so the caller keeps building and sending
 * requests while earlier batches are signed. Signatures are the same as `Keypair.sign`'s (schnorrkel WASM).
 *
 * The secret key goes to each worker once, through workerData; it is never logged or put on this object. Workers
 * start lazily, are unref'd while idle (a forgotten pool never keeps a process alive) and end with `close()`.
 * Until a worker has loaded, messages are signed on the calling thread, so the first call is never slower.
 */
import { availableParallelism } from 'node:os';
import { inspect } from 'node:util';
import { Worker } from 'node:worker_threads';
import { WalletError } from './errors.js';
import type { Signer } from './signer.js';

/** A signer that can also sign off the calling thread. */
export interface AsyncSigner extends Signer {
  signAsync(message: Uint8Array | string): Promise<Uint8Array>;
}

export interface SigningPoolOptions {
  /**
   * Worker threads. Default: one per core, at most 4. Signing comes in bursts (a forward signs one message per axon)
   * while the calling thread mostly waits for the signatures, so the burst gets every core.
   */
  threads?: number;
  /** Messages per batch sent to a worker: small enough that the first signatures come back early. Default 16. */
  batchSize?: number;
  /** Most signatures waiting or in progress; beyond it `signAsync` rejects. Default 65536. */
  maxQueued?: number;
  /**
   * Batches at the start of each burst that the calling thread signs itself, after handing the rest to the workers.
   * Default 1: a burst of one batch (a forward to a few axons) then needs no thread handoff. 0 sends every message
   * to the workers, for a caller that signs its own share and sends each request as soon as it is signed (a
   * Dendrite does).
   */
  callerBatches?: number;
}

interface Job {
  message: Uint8Array | string;
  resolve(sig: Uint8Array): void;
  reject(err: unknown): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Settles once the worker can sign, or has failed (the pool then signs on the calling thread). */
  started: Promise<void>;
  /** Jobs sent and not yet answered, by batch id. */
  batches: Map<number, Job[]>;
  outstanding: number;
}

const workerUrl = new URL('./signing-worker.mjs', import.meta.url);

function integerAtLeast(min: number, name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < min)
    throw new WalletError('WALLET_INVALID_INPUT', `${name} must be an integer ≥ ${min}, got ${String(v)}`);
  return v;
}

export class SigningPool implements AsyncSigner {
  readonly address: string;
  readonly publicKey: Uint8Array;
  readonly threads: number;
  readonly #signer: Signer;
  /** A fresh copy of the secret for a new worker (the caller's closure; nothing secret is stored here). */
  readonly #secretCopy: () => Uint8Array;
  readonly #batchSize: number;
  readonly #maxQueued: number;
  /** Messages at the start of each burst signed on the calling thread. */
  readonly #callerShare: number;
  readonly #slots: Slot[] = [];
  #outbox: Job[] = [];
  #queued = 0;
  #flushScheduled = false;
  #nextBatch = 0;
  #closed = false;

  /** @internal Use `Keypair.parallelSigner()`. */
  constructor(signer: Signer, secretCopy: () => Uint8Array, options: SigningPoolOptions = {}) {
    this.#signer = signer;
    this.#secretCopy = secretCopy;
    this.address = signer.address;
    this.publicKey = signer.publicKey;
    this.threads = integerAtLeast(1, 'threads', options.threads, Math.min(4, Math.max(1, availableParallelism())));
    this.#batchSize = integerAtLeast(1, 'batchSize', options.batchSize, 16);
    this.#maxQueued = integerAtLeast(1, 'maxQueued', options.maxQueued, 65_536);
    this.#callerShare = this.#batchSize * integerAtLeast(0, 'callerBatches', options.callerBatches, 1);
  }

  /** Workers loaded and signing (0 before the first `signAsync` and after `close`). */
  get readyWorkers(): number {
    return this.#slots.filter((s) => s.ready).length;
  }

  /**
   * Starts the workers now rather than at the first `signAsync`: each loads the WASM signer (tens of ms of CPU), and
   * a first large batch would otherwise be signed on the calling thread while they load. Resolves once every
   * worker has loaded (or failed to: signing then stays on the calling thread). Idempotent.
   *
   * While it is pending, the loading workers hold the event loop, as any awaited I/O does: otherwise a script whose
   * first line is `await pool.warm()` (or `await dendrite.ready()`) would find nothing keeping the process alive and
   * exit with code 13 before the workers answer. Once loaded, idle workers are unref'd again.
   */
  warm(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#spawnMissing();
    for (const slot of this.#slots) {
      if (slot.ready) continue;
      slot.worker.ref();
      void slot.started.then(() => {
        if (slot.outstanding === 0) slot.worker.unref();
      });
    }
    return Promise.all(this.#slots.map((s) => s.started)).then(() => undefined);
  }

  /** Starts the workers that are not running, in the background (they do not hold the process while loading). */
  #spawnMissing(): void {
    while (this.#slots.length < this.threads) this.#slots.push(this.#spawn());
  }

  /** Signs on the calling thread (the `Signer` contract). */
  sign(message: Uint8Array | string): Uint8Array {
    return this.#signer.sign(message);
  }

  /** Signs on a worker thread; the same signature as `sign`. */
  signAsync(message: Uint8Array | string): Promise<Uint8Array> {
    if (this.#closed) return Promise.reject(new WalletError('WALLET_IO', 'signing pool is closed'));
    if (typeof message !== 'string' && !(message instanceof Uint8Array))
      return Promise.reject(
        new WalletError('WALLET_INVALID_INPUT', `message must be a string or Uint8Array, got ${typeof message}`),
      );
    if (this.#queued >= this.#maxQueued)
      return Promise.reject(
        new WalletError(
          'WALLET_IO',
          `signing pool has ${this.#queued} signatures waiting (maxQueued ${this.#maxQueued})`,
        ),
      );
    return new Promise<Uint8Array>((resolve, reject) => {
      this.#outbox.push({ message, resolve, reject });
      this.#queued++;
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        // Everything queued in this tick goes out together.
        queueMicrotask(() => this.#flush());
      }
    });
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Ends the workers. Signatures not yet returned reject. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const slots = this.#slots.splice(0);
    await Promise.all(slots.map((s) => this.#retire(s, new WalletError('WALLET_IO', 'signing pool was closed'))));
  }

  toString(): string {
    return `SigningPool(${this.address}, ${this.threads} thread${this.threads === 1 ? '' : 's'})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  #flush(): void {
    this.#flushScheduled = false;
    const jobs = this.#outbox;
    this.#outbox = [];
    if (this.#closed) {
      for (const j of jobs) j.reject(new WalletError('WALLET_IO', 'signing pool was closed'));
      this.#queued -= jobs.length;
      return;
    }
    this.#spawnMissing();
    const ready = this.#slots.filter((s) => s.ready);
    if (ready.length === 0) {
      // Workers still loading: sign here rather than make the caller wait for a WASM start.
      for (const j of jobs) this.#signHere(j);
      return;
    }
    // The calling thread signs the first batch itself (callerBatches), after handing the rest to the workers: a burst
    // of one batch (a forward to a few axons) then needs no thread handoff at all — two wake-ups that on a busy
    // machine cost more than the signing — and a large burst gets its first requests out while the workers sign the
    // others.
    const mine = jobs.slice(0, this.#callerShare);
    for (let i = mine.length; i < jobs.length; i += this.#batchSize) {
      const batch = jobs.slice(i, i + this.#batchSize);
      let slot = ready[0]!;
      for (const s of ready) if (s.outstanding < slot.outstanding) slot = s;
      const id = this.#nextBatch++;
      slot.batches.set(id, batch);
      if (slot.outstanding === 0) slot.worker.ref();
      slot.outstanding += batch.length;
      slot.worker.postMessage({ id, messages: batch.map((j) => j.message) });
    }
    for (const j of mine) this.#signHere(j);
  }

  #signHere(job: Job): void {
    this.#queued--;
    try {
      job.resolve(this.#signer.sign(job.message));
    } catch (err) {
      job.reject(err);
    }
  }

  #spawn(): Slot {
    const secretKey = this.#secretCopy();
    // The worker is plain JS: no loader flags (e.g. `--import tsx`) are passed into it.
    const worker = new Worker(workerUrl, { workerData: { publicKey: this.publicKey, secretKey }, execArgv: [] });
    secretKey.fill(0); // workerData was a structured clone
    let started!: () => void;
    const slot: Slot = {
      worker,
      ready: false,
      started: new Promise<void>((resolve) => {
        started = resolve;
      }),
      batches: new Map(),
      outstanding: 0,
    };
    worker.on('message', (msg: { ready?: true; id: number; signatures?: Uint8Array; error?: string }) => {
      if (msg.ready) {
        slot.ready = true;
        started();
        return;
      }
      const batch = slot.batches.get(msg.id);
      if (!batch) return;
      slot.batches.delete(msg.id);
      slot.outstanding -= batch.length;
      this.#queued -= batch.length;
      if (slot.outstanding === 0) worker.unref();
      const sigs = msg.signatures;
      for (let i = 0; i < batch.length; i++) {
        if (sigs) batch[i]!.resolve(sigs.subarray(i * 64, i * 64 + 64));
        else batch[i]!.reject(new WalletError('WALLET_IO', `signing failed in a worker: ${msg.error ?? 'unknown'}`));
      }
    });
    const fail = (cause: unknown) => {
      started();
      const at = this.#slots.indexOf(slot);
      if (at >= 0) this.#slots.splice(at, 1); // the next flush starts a replacement
      void this.#retire(slot, new WalletError('WALLET_IO', 'signing worker stopped', { cause }));
    };
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`exit code ${code}`)));
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
    return slot;
  }

  async #retire(slot: Slot, err: WalletError): Promise<void> {
    for (const batch of slot.batches.values()) {
      this.#queued -= batch.length;
      for (const j of batch) j.reject(err);
    }
    slot.batches.clear();
    slot.outstanding = 0;
    slot.worker.removeAllListeners();
    await slot.worker.terminate();
  }
}
