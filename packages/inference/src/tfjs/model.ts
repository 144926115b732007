/** A tfjs layers model behind the Model interface. */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InferenceError } from '../errors.js';
import type { DeviceName, Model, PredictOptions, TensorSpec, Tensors } from '../model.js';
import { sizeOf } from '../tensor.js';
import { selectTfjsEngine, type TfjsChoice } from './engines.js';
import { fileLoadHandler, fileSaveHandler, modelJsonPath } from './files.js';

type TfDtype = 'float32' | 'int32' | 'bool';

/**
 * Input and output names of a layers model: its own names, or (a Sequential has none) the symbolic tensors' names
 * up to the first `/`. The ONNX export uses the same names, so both backends take and return the same keys.
 */
export function ioNames(model: tfl.LayersModel): { inputs: string[]; outputs: string[] } {
  const pick = (names: string[], symbolic: tfl.SymbolicTensor[]) =>
    symbolic.map((s, i) => names[i] ?? (s.name.split('/')[0] as string));
  return { inputs: pick(model.inputNames, model.inputs), outputs: pick(model.outputNames, model.outputs) };
}

function specsOf(names: string[], symbolic: tfl.SymbolicTensor[]): TensorSpec[] {
  return symbolic.map((s, i) => ({ name: names[i] as string, shape: [...s.shape], dtype: s.dtype }));
}

class TfjsModel implements Model {
  readonly backend = 'tfjs' as const;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  readonly device: DeviceName;
  readonly engine: string;
  readonly fallbacks: readonly { engine: string; reason: string }[];
  readonly #model: tfl.LayersModel;
  readonly #tfBackend: string;
  #disposed = false;

  constructor(model: tfl.LayersModel, choice: TfjsChoice) {
    this.#model = model;
    this.#tfBackend = choice.tfBackend;
    this.device = choice.device;
    this.engine = choice.engine;
    this.fallbacks = choice.fallbacks;
    const names = ioNames(model);
    this.inputs = specsOf(names.inputs, model.inputs);
    this.outputs = specsOf(names.outputs, model.outputs);
  }

  async predict(batch: Tensors, options: PredictOptions = {}): Promise<Tensors> {
    if (this.#disposed) throw new InferenceError('INFERENCE_DISPOSED', 'the model was disposed');
    options.signal?.throwIfAborted();
    // tfjs has one active backend per process; a model loaded on another one switches it back before running.
    if (tf.getBackend() !== this.#tfBackend) await tf.setBackend(this.#tfBackend);
    const ys = tf.tidy(() => {
      const xs = this.inputs.map((spec) => {
        const t = batch[spec.name];
        if (!t) throw new InferenceError('INFERENCE_INVALID_INPUT', `input '${spec.name}' is missing`);
        return tf.tensor(t.buffer as Float32Array, t.shape, spec.dtype as TfDtype);
      });
      const y = this.#model.predict(xs.length === 1 ? (xs[0] as tf.Tensor) : xs);
      return Array.isArray(y) ? y : [y];
    });
    try {
      const out: Tensors = {};
      for (let i = 0; i < this.outputs.length; i++) {
        const y = ys[i] as tf.Tensor;
        const spec = this.outputs[i] as TensorSpec;
        out[spec.name] = { buffer: (await y.data()) as Float32Array, dtype: y.dtype, shape: y.shape };
      }
      return out;
    } finally {
      tf.dispose(ys);
    }
  }

  async warmup(batchSize = 1): Promise<void> {
    const batch: Tensors = {};
    for (const spec of this.inputs) {
      const shape = [batchSize, ...spec.shape.slice(1).map((d) => d ?? 1)];
      const n = sizeOf(shape);
      batch[spec.name] = {
        buffer: spec.dtype === 'int32' ? new Int32Array(n) : new Float32Array(n),
        dtype: spec.dtype,
        shape,
      };
    }
    await this.predict(batch);
  }

  async close(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#model.dispose();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** @deprecated Use `close()`. */
  dispose(): Promise<void> {
    return this.close();
  }

  /** The wrapped layers model (for training, saving or export). */
  get layersModel(): tfl.LayersModel {
    return this.#model;
  }
}

export interface TfjsLoadOptions {
  device?: 'auto' | DeviceName;
  /** Told once about fallbacks (`auto` without a GPU, a GPU binding running on CPU). */
  warn?: (message: string) => void;
  /** Force one engine (`tfjs-wasm`, `tfjs-cpu`, …) instead of the first that works. */
  engine?: TfjsChoice['engine'];
}

/** Loads a tfjs layers model from `dir` or `dir/model.json` on the best tfjs engine for `device`. */
export async function loadTfjsModel(path: string, options: TfjsLoadOptions = {}): Promise<Model> {
  const choice = await selectTfjsEngine(options.device ?? 'auto', {
    ...(options.warn ? { warn: options.warn } : {}),
    ...(options.engine ? { only: options.engine } : {}),
  });
  const json = await modelJsonPath(path);
  let model: tfl.LayersModel;
  try {
    model = await tfl.loadLayersModel(fileLoadHandler(json));
  } catch (err) {
    if (err instanceof InferenceError) throw err;
    throw new InferenceError(
      'INFERENCE_MODEL_LOAD',
      `${json} is not a loadable tfjs layers model: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  return new TfjsModel(model, choice);
}

/** Wraps an in-memory layers model (e.g. one just trained) as a Model on the current tfjs engine. */
export async function fromLayersModel(model: tfl.LayersModel, options: TfjsLoadOptions = {}): Promise<Model> {
  const choice = await selectTfjsEngine(options.device ?? 'auto', {
    ...(options.warn ? { warn: options.warn } : {}),
    ...(options.engine ? { only: options.engine } : {}),
  });
  return new TfjsModel(model, choice);
}

/** Writes a layers model (or a tfjs Model from this package) to `dir` as model.json + weights.bin. */
export async function saveTfjsModel(model: tfl.LayersModel | Model, dir: string): Promise<void> {
  const layers = model instanceof TfjsModel ? model.layersModel : model;
  if (!(layers instanceof tfl.LayersModel))
    throw new InferenceError(
      'INFERENCE_MODEL_SAVE',
      'saveTfjsModel: expected a tfjs layers model or a tfjs-backed Model',
    );
  await layers.save(fileSaveHandler(dir));
}

/** The layers model inside a tfjs-backed Model, or undefined for other backends. */
export function layersModelOf(model: Model): tfl.LayersModel | undefined {
  return model instanceof TfjsModel ? model.layersModel : undefined;
}
