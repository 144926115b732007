/**
 * Tensor helpers: dtypes, the wire form (`bt.Tensor` values from `@subnetkit/synapse`), per-sample validation, and
 * stacking samples into a batch / splitting a batch back. Views are used wherever the layout allows (no copies).
 */
import { type TensorValue, tensorData } from '@subnetkit/synapse';
import { InferenceError } from './errors.js';
import type { Tensor, TensorArray, TensorSpec, Tensors } from './model.js';

type Ctor = { new (n: number): TensorArray; BYTES_PER_ELEMENT: number; name: string };

const CTORS: Record<string, Ctor> = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
};

/** `torch.float32` → `float32`; `double` → `float64` (the names Python peers send). */
export function normalizeDtype(dtype: string): string {
  const bare = dtype.replace(/^torch\./, '');
  return bare === 'float' ? 'float32' : bare === 'double' ? 'float64' : bare === 'long' ? 'int64' : bare;
}

/** The typed-array class of a dtype (throws INFERENCE_INVALID_OPTIONS for one the package does not carry). */
export function arrayClass(dtype: string): Ctor {
  const c = CTORS[normalizeDtype(dtype)];
  if (!c) throw new InferenceError('INFERENCE_INVALID_OPTIONS', `unsupported tensor dtype '${dtype}'`);
  return c;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * A wire tensor (`bt.Tensor` value) as a model tensor. A typed-array buffer is used as is (no copy); a base64
 * msgpack-numpy buffer (the JSON wire form) is decoded. `field` names the tensor in errors (400 when malformed).
 */
export function fromWire(value: TensorValue, field = 'tensor'): Tensor {
  if (value === null || typeof value !== 'object')
    throw bad(400, `${field}: expected a tensor {buffer, dtype, shape}, got ${value === null ? 'null' : typeof value}`);
  if (value.buffer === null || value.buffer === undefined) throw bad(400, `${field}: the tensor has no buffer`);
  let buffer: TensorArray;
  try {
    buffer = tensorData(value) as TensorArray;
  } catch (err) {
    throw bad(400, `${field}: ${(err as Error).message}`, err);
  }
  const shape = Array.isArray(value.shape) ? value.shape.map(Number) : [buffer.length];
  return { buffer, dtype: typeof value.dtype === 'string' ? normalizeDtype(value.dtype) : '', shape };
}

/** A model tensor as a wire tensor value (the same object form; the msgpack codec sends the typed array as is). */
export function toWire(t: Tensor): TensorValue {
  return { buffer: t.buffer, dtype: t.dtype, shape: t.shape };
}

function bad(status: number, message: string, cause?: unknown): InferenceError {
  return new InferenceError('INFERENCE_INVALID_INPUT', message, { status, cause });
}

const FLOAT = new Set(['float32', 'float64']);

export interface ValidateOptions {
  /** Accept NaN and ±Infinity in float inputs. Default false. */
  allowNonFinite?: boolean;
  /** How an input is named in errors (default `input '<name>'`). */
  label?: (inputName: string) => string;
}

/**
 * Checks ONE sample (one item, no batch dimension; a leading dimension of 1 is accepted) against a model's inputs and
 * returns it normalized to the per-item shapes (same buffers). A single tensor is accepted for a one-input model.
 * Errors are `INFERENCE_INVALID_INPUT` naming the input: 400 when the tensor is malformed (its buffer does not match its own
 * shape or dtype), 422 when it is well-formed but does not fit the model.
 */
export function validateSample(
  specs: readonly TensorSpec[],
  sample: Tensor | Tensors,
  options: ValidateOptions = {},
): Tensors {
  const label = options.label ?? ((n: string) => `input '${n}'`);
  const named = isTensor(sample) ? oneInput(specs, sample) : sample;
  if (named === null || typeof named !== 'object') throw bad(400, 'expected a tensor or a record of named tensors');
  const known = new Set(specs.map((s) => s.name));
  for (const k of Object.keys(named))
    if (!known.has(k))
      throw bad(422, `unknown input '${k}'; the model takes ${specs.map((s) => `'${s.name}'`).join(', ')}`);
  const out: Tensors = {};
  for (const spec of specs) {
    const name = label(spec.name);
    const t = named[spec.name];
    if (t === undefined) throw bad(422, `${name} is missing`);
    out[spec.name] = checkOne(spec, t, name, options.allowNonFinite === true);
  }
  return out;
}

function isTensor(x: unknown): x is Tensor {
  return x !== null && typeof x === 'object' && 'buffer' in x && 'shape' in x;
}

function oneInput(specs: readonly TensorSpec[], t: Tensor): Tensors {
  const [only] = specs;
  if (specs.length !== 1 || !only)
    throw bad(422, `the model takes ${specs.length} inputs (${specs.map((s) => `'${s.name}'`).join(', ')}): name them`);
  return { [only.name]: t };
}

function checkOne(spec: TensorSpec, t: Tensor, name: string, allowNonFinite: boolean): Tensor {
  if (t === null || typeof t !== 'object') throw bad(400, `${name}: expected a tensor`);
  const buffer = t.buffer as unknown;
  if (!ArrayBuffer.isView(buffer) || buffer instanceof DataView)
    throw bad(400, `${name}: buffer is not a typed array (decode wire tensors with fromWire)`);
  const arr = buffer as TensorArray;
  if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d >= 0))
    throw bad(400, `${name}: shape must be a list of non-negative integers, got ${JSON.stringify(t.shape)}`);
  const dtype = normalizeDtype(String(t.dtype ?? ''));
  const ctor = CTORS[dtype];
  if (!ctor) throw bad(400, `${name}: unsupported dtype '${t.dtype}'`);
  if (!(arr instanceof ctor))
    throw bad(400, `${name}: dtype says ${dtype} but the buffer is a ${arr.constructor.name}`);
  const n = sizeOf(t.shape);
  if (n !== arr.length) throw bad(400, `${name}: buffer holds ${arr.length} elements, shape [${t.shape}] needs ${n}`);
  if (dtype !== spec.dtype) throw bad(422, `${name}: dtype ${dtype}, the model takes ${spec.dtype}`);
  const item = spec.shape.slice(1);
  let shape = t.shape;
  if (shape.length === item.length + 1) {
    if (shape[0] !== 1)
      throw bad(422, `${name}: one request carries one sample; got a batch of ${shape[0]} (shape [${shape}])`);
    shape = shape.slice(1);
  }
  const fits = shape.length === item.length && item.every((d, i) => d === null || d === shape[i]);
  if (!fits) throw bad(422, `${name}: shape [${t.shape}] does not fit the model's [${item.map((d) => d ?? '?')}]`);
  if (FLOAT.has(dtype) && !allowNonFinite) {
    const f = arr as Float32Array | Float64Array;
    for (let i = 0; i < f.length; i++) {
      const v = f[i] as number;
      if (v - v !== 0) throw bad(422, `${name}: element ${i} is ${v} (NaN and Infinity are not accepted)`);
    }
  }
  return { buffer: arr, dtype, shape };
}

/** Shape key for grouping samples that can share a batch (equal per-item shapes). */
export function shapeKey(sample: Tensors): string {
  let k = '';
  for (const name in sample) k += `${name}:${(sample[name] as Tensor).shape.join('x')};`;
  return k;
}

/** Stacks validated samples into one batch per input. One sample is passed through with no copy. */
export function stack(specs: readonly TensorSpec[], samples: readonly Tensors[]): Tensors {
  const batch: Tensors = {};
  for (const spec of specs) {
    const first = samples[0]?.[spec.name] as Tensor;
    if (samples.length === 1) {
      batch[spec.name] = { buffer: first.buffer, dtype: first.dtype, shape: [1, ...first.shape] };
      continue;
    }
    const per = first.buffer.length;
    const out = new (arrayClass(spec.dtype))(per * samples.length);
    samples.forEach((s, i) => {
      (out as Float32Array).set((s[spec.name] as Tensor).buffer as Float32Array, i * per);
    });
    batch[spec.name] = { buffer: out, dtype: spec.dtype, shape: [samples.length, ...first.shape] };
  }
  return batch;
}

/** Splits a batch's outputs into per-sample outputs (views on the batch's buffers, no copies). */
export function split(outputs: Tensors, n: number): Tensors[] {
  const parts: Tensors[] = Array.from({ length: n }, () => ({}));
  for (const [name, t] of Object.entries(outputs)) {
    if (t.shape[0] !== n)
      throw new InferenceError(
        'INFERENCE_INVALID_OPTIONS',
        `output '${name}' has ${t.shape[0]} rows for a batch of ${n}`,
      );
    const item = t.shape.slice(1);
    const per = sizeOf(item);
    for (let i = 0; i < n; i++)
      (parts[i] as Tensors)[name] = { buffer: t.buffer.subarray(i * per, (i + 1) * per), dtype: t.dtype, shape: item };
  }
  return parts;
}
