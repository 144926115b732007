/**
 * `serveModel`: a model behind an axon route in a few lines. The axon is taken by its shape (any object with
 * `attach`, and optionally `healthEntry` and `metrics.registry`, as `@subnetkit/axon`'s Axon has), so this package
 * imports nothing from the transport layer.
 */
import { type FieldShape, type Synapse, type SynapseDefinition, type TensorValue, tensor } from '@subnetkit/synapse';
import type { Registry } from 'prom-client';
import type { Batcher, BatcherInfo } from '../batcher.js';
import { InferenceError } from '../errors.js';
import type { Tensor, Tensors } from '../model.js';
import { fromWire } from '../tensor.js';

/** What `serveModel` needs of an axon (`@subnetkit/axon`'s Axon fits). */
export interface ServingAxon {
  attach<S extends FieldShape, D>(
    def: SynapseDefinition<S, D>,
    forward: (synapse: Synapse<S>, ctx: { signal: AbortSignal }) => Promise<Synapse<S>>,
  ): unknown;
  /** Adds an entry to `GET /health`. */
  healthEntry?(name: string, report: () => unknown): unknown;
  /** The axon's Prometheus registry; the batcher's metrics are added to it. */
  readonly metrics?: { readonly registry: Registry } | undefined;
}

type FieldName<S extends FieldShape> = keyof S & string;

export interface ServeOptions<S extends FieldShape> {
  /**
   * The model input of a request: a tensor field's name (errors then name that field), or a function returning a
   * tensor (`bt.Tensor` value; a base64 buffer is decoded, a typed array used as is) or named tensors.
   */
  toInput: FieldName<S> | ((synapse: Synapse<S>) => TensorValue | Tensor | Record<string, TensorValue | Tensor>);
  /**
   * Where the outputs go: a field name (set to the single output as a `bt.Tensor` value), or a function that writes
   * them into the synapse (or returns a new one).
   */
  fromOutput:
    | FieldName<S>
    // biome-ignore lint/suspicious/noConfusingVoidType: a function that fills the synapse in place returns nothing
    | ((outputs: Tensors, synapse: Synapse<S>) => Synapse<S> | void);
}

const served = new WeakMap<object, Map<string, Batcher>>();

/**
 * Attaches `def` to `axon` with a forward that runs each request through `batcher`, and lists the model under the
 * axon's `/health` (`models.<batcher name>`: backend, engine, device, batch settings, queue depth) and its metrics
 * registry. Bad tensors are answered 400/422 naming the field, a full queue 503 (the axon maps the errors' `status`).
 *
 * @example
 * serveModel(axon, Digits, createBatcher(model, { maxBatch: 32, name: 'digits' }), { toInput: 'image', fromOutput: 'probs' });
 */
export function serveModel<S extends FieldShape, D>(
  axon: ServingAxon,
  def: SynapseDefinition<S, D>,
  batcher: Batcher,
  options: ServeOptions<S>,
): void {
  const { toInput, fromOutput } = options;
  if (typeof toInput !== 'string' && typeof toInput !== 'function')
    throw new InferenceError(
      'INFERENCE_INVALID_OPTIONS',
      'serveModel: toInput must be a tensor field name or a function',
    );
  if (typeof fromOutput !== 'string' && typeof fromOutput !== 'function')
    throw new InferenceError('INFERENCE_INVALID_OPTIONS', 'serveModel: fromOutput must be a field name or a function');
  for (const f of [toInput, fromOutput])
    if (typeof f === 'string' && !(f in def.fields))
      throw new InferenceError('INFERENCE_INVALID_OPTIONS', `serveModel: ${def.name} has no field '${f}'`);
  if (typeof fromOutput === 'string' && batcher.model.outputs.length !== 1)
    throw new InferenceError(
      'INFERENCE_INVALID_OPTIONS',
      `serveModel: the model has ${batcher.model.outputs.length} outputs; give fromOutput as a function`,
    );

  register(axon, batcher);
  const label = typeof toInput === 'string' ? () => `field '${toInput}'` : undefined;

  axon.attach(def, async (synapse, ctx) => {
    const sample = typeof toInput === 'string' ? fieldTensor(synapse, toInput) : decodeAll(toInput(synapse));
    const outputs = await batcher.predict(sample, { signal: ctx.signal, ...(label ? { label } : {}) });
    if (typeof fromOutput === 'string') {
      const [out] = Object.values(outputs) as [Tensor];
      (synapse as Record<string, unknown>)[fromOutput] = tensor(out.buffer, out.shape);
      return synapse;
    }
    return fromOutput(outputs, synapse) ?? synapse;
  });
}

function fieldTensor<S extends FieldShape>(synapse: Synapse<S>, field: string): Tensor {
  const value = (synapse as Record<string, unknown>)[field] as TensorValue | null | undefined;
  if (value === null || value === undefined)
    throw new InferenceError('INFERENCE_INVALID_INPUT', `field '${field}' is missing`, { status: 422 });
  return fromWire(value, `field '${field}'`);
}

function isTensorLike(x: unknown): x is TensorValue {
  return x !== null && typeof x === 'object' && 'buffer' in x && 'shape' in x;
}

function decodeAll(x: TensorValue | Tensor | Record<string, TensorValue | Tensor>): Tensor | Tensors {
  if (isTensorLike(x)) return typeof x.buffer === 'string' ? fromWire(x) : (x as Tensor);
  const out: Tensors = {};
  for (const [k, v] of Object.entries(x))
    out[k] = typeof v.buffer === 'string' ? fromWire(v, `input '${k}'`) : (v as Tensor);
  return out;
}

function register(axon: ServingAxon, batcher: Batcher): void {
  let models = served.get(axon);
  if (!models) {
    const map = new Map<string, Batcher>();
    models = map;
    served.set(axon, map);
    axon.healthEntry?.('models', () => {
      const out: Record<string, BatcherInfo> = {};
      for (const [name, b] of map) out[name] = b.info();
      return out;
    });
  }
  const existing = models.get(batcher.name);
  if (existing && existing !== batcher)
    throw new InferenceError(
      'INFERENCE_INVALID_OPTIONS',
      `serveModel: another batcher is already served as '${batcher.name}'; give each a distinct name`,
    );
  models.set(batcher.name, batcher);
  if (axon.metrics?.registry) batcher.useRegistry(axon.metrics.registry);
}
