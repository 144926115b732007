/** The Model interface every backend implements, and the tensor form it speaks. */
import type { TensorArray } from '@subnetkit/synapse';

export type { TensorArray };

/**
 * A tensor: a typed array plus its shape — the same `{buffer, dtype, shape}` form `@subnetkit/synapse` uses for
 * `bt.Tensor` values (with the buffer decoded), so a tensor field goes from the wire to a model without a copy.
 * `dtype` is a short name (`float32`, `int32`, …); a torch name (`torch.float32`) is accepted too.
 */
export interface Tensor {
  buffer: TensorArray;
  dtype: string;
  shape: number[];
}

/** Named tensors: a model's inputs or outputs. */
export type Tensors = Record<string, Tensor>;

/** A declared input or output: its name, shape (`null` = any size; the first dimension is the batch) and dtype. */
export interface TensorSpec {
  name: string;
  shape: (number | null)[];
  dtype: string;
}

export type BackendName = 'tfjs' | 'onnx';
export type DeviceName = 'cpu' | 'gpu';

export interface PredictOptions {
  /** Aborts the call if it has not started computing yet (a running kernel cannot be interrupted). */
  signal?: AbortSignal;
}

/**
 * A loaded model. `predict` takes a whole batch (the first dimension of every input) and returns the outputs for it.
 *
 * @example
 * const model = await loadModel('./mlp.onnx');
 * const out = await model.predict({ [model.inputs[0].name]: { buffer: new Float32Array(784), dtype: 'float32', shape: [1, 784] } });
 */
export interface Model {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** `tfjs` or `onnx`. */
  readonly backend: BackendName;
  /** Where it computes. */
  readonly device: DeviceName;
  /** The concrete engine: `tfjs-node-gpu`, `tfjs-node`, `tfjs-wasm`, `tfjs-cpu`, `onnx-cpu`, `onnx-cuda`. */
  readonly engine: string;
  /** Why faster engines were not used (e.g. `tfjs-node: Cannot find module ...`), for logs and `/health`. */
  readonly fallbacks: readonly { engine: string; reason: string }[];
  predict(batch: Tensors, options?: PredictOptions): Promise<Tensors>;
  /** Runs one batch of zeros so the first real request does not pay for kernel compilation and allocation. */
  warmup(batchSize?: number): Promise<void>;
  /** Frees the model's memory; later calls fail with `INFERENCE_DISPOSED`. Idempotent. */
  close(): Promise<void>;
  /** Same as `close()`, for `await using model = await loadModel(...)`. */
  [Symbol.asyncDispose](): Promise<void>;
  /** @deprecated The same as `close()` (one name for releasing a resource); kept for existing code. */
  dispose(): Promise<void>;
}
