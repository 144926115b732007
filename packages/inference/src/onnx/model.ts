/** An onnxruntime-node session behind the Model interface. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { InferenceError } from '../errors.js';
import type { DeviceName, Model, PredictOptions, Tensor, TensorSpec, Tensors } from '../model.js';
import { arrayClass, sizeOf } from '../tensor.js';
import { cudaProviderInstalled, type OnnxProvider, planProviders } from './providers.js';

export type SessionFactory = (
  model: Uint8Array,
  options: ort.InferenceSession.SessionOptions,
) => Promise<ort.InferenceSession>;

export interface OnnxLoadOptions {
  device?: 'auto' | DeviceName;
  warn?: (message: string) => void;
  /** Injectable for tests: session creation and whether the CUDA provider is installed. */
  createSession?: SessionFactory;
  cudaInstalled?: boolean;
  /** Threads per operator (onnxruntime's intra-op pool). Default: onnxruntime's choice (one per physical core). */
  intraOpThreads?: number;
  /**
   * Let idle intra-op threads spin-wait for work. Default false: a miner's event loop (HTTP, signature checks) shares
   * the cores, and spinning threads take CPU from it between batches.
   */
  spinning?: boolean;
}

function specOf(m: ort.InferenceSession.ValueMetadata): TensorSpec {
  if (!m.isTensor) return { name: m.name, shape: [], dtype: 'unknown' };
  const shape = m.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : null));
  return { name: m.name, shape, dtype: m.type === 'bool' ? 'bool' : m.type };
}

class OnnxModel implements Model {
  readonly backend = 'onnx' as const;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  readonly device: DeviceName;
  readonly engine: string;
  readonly fallbacks: readonly { engine: string; reason: string }[];
  readonly #session: ort.InferenceSession;
  #disposed = false;

  constructor(session: ort.InferenceSession, provider: OnnxProvider, fallbacks: { engine: string; reason: string }[]) {
    this.#session = session;
    this.device = provider === 'cuda' ? 'gpu' : 'cpu';
    this.engine = `onnx-${provider}`;
    this.fallbacks = fallbacks;
    this.inputs = session.inputMetadata.map(specOf);
    this.outputs = session.outputMetadata.map(specOf);
  }

  async predict(batch: Tensors, options: PredictOptions = {}): Promise<Tensors> {
    if (this.#disposed) throw new InferenceError('INFERENCE_DISPOSED', 'the model was disposed');
    options.signal?.throwIfAborted();
    const feeds: Record<string, ort.Tensor> = {};
    for (const spec of this.inputs) {
      const t = batch[spec.name];
      if (!t) throw new InferenceError('INFERENCE_INVALID_INPUT', `input '${spec.name}' is missing`);
      feeds[spec.name] = new ort.Tensor(spec.dtype as 'float32', t.buffer as Float32Array, t.shape);
    }
    const results = await this.#session.run(feeds);
    const out: Tensors = {};
    for (const spec of this.outputs) {
      const r = results[spec.name];
      if (!r) continue;
      out[spec.name] = { buffer: r.data as Tensor['buffer'], dtype: r.type, shape: [...r.dims] };
      r.dispose();
    }
    return out;
  }

  async warmup(batchSize = 1): Promise<void> {
    const batch: Tensors = {};
    for (const spec of this.inputs) {
      const shape = [batchSize, ...spec.shape.slice(1).map((d) => d ?? 1)];
      batch[spec.name] = { buffer: new (arrayClass(spec.dtype))(sizeOf(shape)), dtype: spec.dtype, shape };
    }
    await this.predict(batch);
  }

  async close(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#session.release();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** @deprecated Use `close()`. */
  dispose(): Promise<void> {
    return this.close();
  }
}

const defaultFactory: SessionFactory = (bytes, options) => ort.InferenceSession.create(bytes, options);

/** Loads an ONNX model (a path or its bytes) on CUDA when asked/available, else on CPU. */
export async function loadOnnxModel(source: string | Uint8Array, options: OnnxLoadOptions = {}): Promise<Model> {
  const device = options.device ?? 'auto';
  const plan = planProviders(device, options.cudaInstalled ?? cudaProviderInstalled());
  const bytes = typeof source === 'string' ? await readModelFile(source) : source;
  const create = options.createSession ?? defaultFactory;
  const fallbacks = [...plan.skipped];
  for (const provider of plan.tries) {
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: [provider],
      ...(options.intraOpThreads ? { intraOpNumThreads: options.intraOpThreads } : {}),
      extra: { session: { intra_op: { allow_spinning: options.spinning ? '1' : '0' } } },
    };
    try {
      const session = await create(bytes, sessionOptions);
      if (device === 'auto' && provider === 'cpu' && fallbacks.length > 0)
        options.warn?.(`onnx: no GPU, running on CPU (${fallbacks.map((f) => `${f.engine}: ${f.reason}`).join('; ')})`);
      return new OnnxModel(session, provider, fallbacks);
    } catch (err) {
      const reason = ((err as Error).message ?? String(err)).split('\n')[0] ?? '';
      if (provider === 'cpu' || isModelError(reason))
        throw new InferenceError(
          'INFERENCE_MODEL_LOAD',
          `${typeof source === 'string' ? source : 'the ONNX bytes'} is not a loadable ONNX model: ${reason}`,
          { cause: err },
        );
      fallbacks.push({ engine: `onnx-${provider}`, reason: `session failed: ${reason}` });
      if (device === 'gpu')
        throw new InferenceError(
          'INFERENCE_BACKEND_UNAVAILABLE',
          `device 'gpu' requested but onnxruntime's CUDA provider failed (tried onnx-cuda: ${reason})`,
          { cause: err },
        );
    }
  }
  throw new InferenceError(
    'INFERENCE_BACKEND_UNAVAILABLE',
    `no onnxruntime provider works (${fallbacks.map((f) => `${f.engine}: ${f.reason}`).join('; ')})`,
  );
}

// A parse failure is the file's fault whatever the provider; anything else on CUDA is the provider's.
function isModelError(reason: string): boolean {
  return /protobuf parsing failed|invalid model|load model/i.test(reason);
}

async function readModelFile(path: string): Promise<Uint8Array> {
  const full = resolve(path);
  try {
    return await readFile(full);
  } catch (err) {
    throw new InferenceError('INFERENCE_MODEL_LOAD', `model file ${full} cannot be read: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
