/**
 * Dynamic batching: concurrent single-sample requests are merged into one model call. A batch starts when `maxBatch`
 * samples wait or `maxWaitMs` after the first one arrived; while it runs, new requests queue and the next batch starts
 * as soon as it ends. Each request is validated before it is queued, so a bad one is refused alone and never reaches
 * (or fails) a batch.
 */
import type { Registry } from 'prom-client';
import { InferenceError, OverloadedError } from './errors.js';
import { type InferenceMetrics, inferenceMetrics, type Outcome } from './metrics.js';
import type { Model, PredictOptions, Tensor, Tensors } from './model.js';
import { shapeKey, split, stack, type ValidateOptions, validateSample } from './tensor.js';

export interface BatcherOptions {
  /** Most samples per model call. Default 32. */
  maxBatch?: number;
  /** Longest a request waits for others before its batch starts, ms. Default 2. */
  maxWaitMs?: number;
  /** Most requests waiting; beyond it `predict` rejects at once with `OverloadedError` (503). Default 1024. */
  maxQueue?: number;
  /** The `model` label of the metrics and the key in `/health`. Default `model`. */
  name?: string;
  /** A prom-client registry for the batcher's metrics (an axon's `axon.metrics.registry`). */
  registry?: Registry;
  /** Accept NaN / ±Infinity in float inputs. Default false (422). */
  allowNonFinite?: boolean;
}

/** What `/health` shows for a served model. */
export interface BatcherInfo {
  backend: string;
  engine: string;
  device: string;
  fallbacks: readonly { engine: string; reason: string }[];
  inputs: Model['inputs'];
  outputs: Model['outputs'];
  maxBatch: number;
  maxWaitMs: number;
  maxQueue: number;
  queued: number;
  running: boolean;
}

export interface BatchPredictOptions extends PredictOptions {
  /** How an input is named in validation errors (default `input '<name>'`; `serveModel` names the synapse field). */
  label?: (inputName: string) => string;
}

export interface Batcher {
  readonly name: string;
  readonly model: Model;
  /** Requests waiting for a batch. */
  readonly queued: number;
  /**
   * Predicts ONE sample (a tensor for a one-input model, or named tensors; per-item shape, a leading 1 allowed) and
   * resolves with its outputs (per-item shapes). Rejects with `INFERENCE_INVALID_INPUT` (400/422) for a tensor that does not fit,
   * `OverloadedError` (503) when the queue is full, `INFERENCE_ABORTED` when `signal` fires before the batch runs.
   */
  predict(sample: Tensor | Tensors, options?: BatchPredictOptions): Promise<Tensors>;
  /** Also record metrics in `registry` (used by `serveModel` with the axon's registry). */
  useRegistry(registry: Registry): void;
  info(): BatcherInfo;
  /** Refuses new requests, rejects queued ones with `INFERENCE_DISPOSED`, and waits for the running batch. Does not dispose the model. */
  close(): Promise<void>;
  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

interface Pending {
  sample: Tensors;
  key: string;
  enqueued: number;
  resolve(out: Tensors): void;
  reject(err: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

function positiveInt(name: string, v: number | undefined, dflt: number, min = 1): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < min)
    throw new InferenceError('INFERENCE_INVALID_OPTIONS', `${name} must be an integer >= ${min}, got ${v}`);
  return v;
}

/**
 * @example
 * const batcher = createBatcher(model, { maxBatch: 32, maxWaitMs: 2, maxQueue: 1024 });
 * const out = await batcher.predict({ buffer: pixels, dtype: 'float32', shape: [784] }, { signal });
 */
export function createBatcher(model: Model, options: BatcherOptions = {}): Batcher {
  return new DynamicBatcher(model, options);
}

class DynamicBatcher implements Batcher {
  readonly name: string;
  readonly model: Model;
  readonly #maxBatch: number;
  readonly #maxWaitMs: number;
  readonly #maxQueue: number;
  readonly #validate: ValidateOptions;
  readonly #queue: Pending[] = [];
  readonly #metrics: InferenceMetrics[] = [];
  readonly #untrack: (() => void)[] = [];
  #timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(model: Model, options: BatcherOptions) {
    this.model = model;
    this.name = options.name ?? 'model';
    this.#maxBatch = positiveInt('maxBatch', options.maxBatch, 32);
    this.#maxWaitMs = positiveInt('maxWaitMs', options.maxWaitMs, 2, 0);
    this.#maxQueue = positiveInt('maxQueue', options.maxQueue, 1024);
    this.#validate = { allowNonFinite: options.allowNonFinite === true };
    if (options.registry) this.useRegistry(options.registry);
  }

  get queued(): number {
    return this.#queue.length;
  }

  useRegistry(registry: Registry): void {
    const m = inferenceMetrics(registry);
    if (this.#metrics.includes(m)) return;
    this.#metrics.push(m);
    this.#untrack.push(m.trackDepth(this.name, () => this.#queue.length));
  }

  info(): BatcherInfo {
    const m = this.model;
    return {
      backend: m.backend,
      engine: m.engine,
      device: m.device,
      fallbacks: m.fallbacks,
      inputs: m.inputs,
      outputs: m.outputs,
      maxBatch: this.#maxBatch,
      maxWaitMs: this.#maxWaitMs,
      maxQueue: this.#maxQueue,
      queued: this.#queue.length,
      running: this.#running !== undefined,
    };
  }

  #count(outcome: Outcome, n = 1): void {
    for (const m of this.#metrics) m.requests.inc({ model: this.name, outcome }, n);
  }

  predict(input: Tensor | Tensors, options: BatchPredictOptions = {}): Promise<Tensors> {
    const { signal } = options;
    if (this.#closed)
      return Promise.reject(new InferenceError('INFERENCE_DISPOSED', `batcher '${this.name}' is closed`));
    if (signal?.aborted) {
      this.#count('aborted');
      return Promise.reject(aborted(signal));
    }
    let sample: Tensors;
    try {
      sample = validateSample(
        this.model.inputs,
        input,
        options.label ? { ...this.#validate, label: options.label } : this.#validate,
      );
    } catch (err) {
      this.#count('invalid');
      return Promise.reject(err);
    }
    if (this.#queue.length >= this.#maxQueue) {
      this.#count('overloaded');
      return Promise.reject(
        new OverloadedError(`model '${this.name}' is overloaded: ${this.#queue.length} requests already queued`),
      );
    }
    return new Promise<Tensors>((resolve, reject) => {
      const p: Pending = {
        sample,
        key: shapeKey(sample),
        enqueued: performance.now(),
        resolve,
        reject,
        signal,
        onAbort: undefined,
      };
      if (signal) {
        p.onAbort = () => {
          const i = this.#queue.indexOf(p);
          if (i < 0) return; // already in a running batch: settled when it ends
          this.#queue.splice(i, 1);
          this.#count('aborted');
          reject(aborted(signal));
        };
        signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.#queue.push(p);
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#running) return; // the running loop picks the queue up when its batch ends
    if (this.#queue.length >= this.#maxBatch) {
      this.#start();
      return;
    }
    if (this.#timer) return;
    const fire = () => {
      this.#timer = undefined;
      this.#start();
    };
    this.#timer = this.#maxWaitMs === 0 ? setImmediate(fire) : setTimeout(fire, this.#maxWaitMs);
  }

  #clearTimer(): void {
    if (!this.#timer) return;
    clearTimeout(this.#timer as NodeJS.Timeout);
    clearImmediate(this.#timer as NodeJS.Immediate);
    this.#timer = undefined;
  }

  #start(): void {
    this.#clearTimer();
    if (this.#running || this.#queue.length === 0) return;
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
      if (this.#queue.length > 0) this.#schedule();
    });
  }

  async #loop(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#take();
      await this.#run(batch);
    }
  }

  /** Takes up to maxBatch queued requests whose per-item shapes equal the oldest one's. */
  #take(): Pending[] {
    const first = this.#queue[0] as Pending;
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const p of this.#queue) {
      if (batch.length < this.#maxBatch && p.key === first.key) batch.push(p);
      else rest.push(p);
    }
    this.#queue.length = 0;
    this.#queue.push(...rest);
    for (const p of batch) if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
    return batch;
  }

  async #run(batch: Pending[]): Promise<void> {
    const t0 = performance.now();
    for (const m of this.#metrics) {
      m.batchSize.observe({ model: this.name }, batch.length);
      for (const p of batch) m.queueWait.observe({ model: this.name }, (t0 - p.enqueued) / 1000);
    }
    let outs: Tensors[];
    try {
      const outputs = await this.model.predict(
        stack(
          this.model.inputs,
          batch.map((p) => p.sample),
        ),
      );
      outs = split(outputs, batch.length);
    } catch (err) {
      this.#observeTime(t0);
      // A failure validation did not foresee: run the samples one by one so only the one that fails is refused.
      if (batch.length > 1) {
        for (const p of batch) await this.#run([p]);
        return;
      }
      this.#settle(batch[0] as Pending, undefined, err);
      return;
    }
    this.#observeTime(t0);
    batch.forEach((p, i) => {
      this.#settle(p, outs[i] as Tensors, undefined);
    });
  }

  #observeTime(t0: number): void {
    for (const m of this.#metrics) m.inferenceTime.observe({ model: this.name }, (performance.now() - t0) / 1000);
  }

  #settle(p: Pending, out: Tensors | undefined, err: unknown): void {
    if (p.signal?.aborted) {
      this.#count('aborted');
      p.reject(aborted(p.signal));
    } else if (out) {
      this.#count('ok');
      p.resolve(out);
    } else {
      this.#count('error');
      p.reject(err);
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#clearTimer();
    const queued = this.#queue.splice(0);
    for (const p of queued) {
      if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
      p.reject(new InferenceError('INFERENCE_DISPOSED', `batcher '${this.name}' closed before the request ran`));
    }
    await this.#running;
    for (const u of this.#untrack.splice(0)) u();
  }
}

function aborted(signal: AbortSignal): InferenceError {
  return new InferenceError('INFERENCE_ABORTED', 'the request was aborted before its batch ran', {
    cause: signal.reason,
  });
}
