/**
 * The Tensor field (`bt.Tensor` on the Python side): `{buffer, dtype, shape}` where, on the JSON wire, `buffer` is
 * base64 of msgpack-numpy bytes (a msgpack map `{b'nd': True, b'type': '<f4', b'kind': b'', b'shape': [...],
 * b'data': <raw little-endian bytes>}`) and `dtype` a torch dtype name such as `torch.float32`.
 *
 * In TypeScript a tensor's `buffer` may hold a typed array instead; the JSON codec and the body hash turn it into the
 * Python form, and the msgpack codec sends the typed array as is.
 */
import { Packr, Unpackr } from 'msgpackr';
import { SynapseError } from './errors.js';
import type { TensorArray, TensorValue } from './fields.js';

type Ctor = { new (buf: ArrayBuffer): TensorArray; BYTES_PER_ELEMENT: number };

const DTYPES: readonly { numpy: string; torch: string; ctor: Ctor }[] = [
  { numpy: '<f4', torch: 'torch.float32', ctor: Float32Array },
  { numpy: '<f8', torch: 'torch.float64', ctor: Float64Array },
  { numpy: '|i1', torch: 'torch.int8', ctor: Int8Array },
  { numpy: '<i2', torch: 'torch.int16', ctor: Int16Array },
  { numpy: '<i4', torch: 'torch.int32', ctor: Int32Array },
  { numpy: '<i8', torch: 'torch.int64', ctor: BigInt64Array },
  { numpy: '|u1', torch: 'torch.uint8', ctor: Uint8Array },
  { numpy: '<u2', torch: 'torch.uint16', ctor: Uint16Array },
  { numpy: '<u4', torch: 'torch.uint32', ctor: Uint32Array },
  { numpy: '<u8', torch: 'torch.uint64', ctor: BigUint64Array },
];

function byArray(a: TensorArray) {
  const d = DTYPES.find((x) => a instanceof x.ctor);
  if (!d) throw new SynapseError('SYNAPSE_INVALID_VALUE', 'unsupported typed array for a tensor');
  return d;
}

function byName(dtype: string) {
  const bare = dtype.replace(/^torch\./, '');
  return DTYPES.find((x) => x.numpy === dtype || x.torch === dtype || x.torch === `torch.${bare}`);
}

const packr = new Packr({ useRecords: false, variableMapSize: true });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: false });
const enc = new TextEncoder();
const dec = new TextDecoder();

/** A tensor value holding a typed array; `shape` defaults to 1-D, `dtype` to the torch name of the array type. */
export function tensor(data: TensorArray, shape: number[] = [data.length], dtype?: string): TensorValue {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== data.length)
    throw new SynapseError(
      'SYNAPSE_INVALID_VALUE',
      `tensor shape [${shape}] holds ${n} elements, the array has ${data.length}`,
    );
  return { buffer: data, dtype: dtype ?? byArray(data).torch, shape: [...shape] };
}

/** base64 of the msgpack-numpy encoding of a typed array, as `bt.Tensor.serialize` produces it. */
export function encodeTensorBuffer(data: TensorArray, shape: number[]): string {
  const d = byArray(data);
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const map = new Map<Uint8Array, unknown>([
    [enc.encode('nd'), true],
    [enc.encode('type'), d.numpy],
    [enc.encode('kind'), new Uint8Array(0)],
    [enc.encode('shape'), shape],
    [enc.encode('data'), bytes],
  ]);
  return Buffer.from(packr.pack(map)).toString('base64');
}

/** Decodes a base64 msgpack-numpy buffer into a typed array (copied, aligned). */
export function decodeTensorBuffer(b64: string): { data: TensorArray; shape: number[] } {
  let m: unknown;
  try {
    m = unpackr.unpack(Buffer.from(b64, 'base64'));
  } catch (err) {
    throw new SynapseError('SYNAPSE_INVALID_VALUE', 'tensor buffer is not base64 msgpack', { cause: err });
  }
  if (!(m instanceof Map)) throw new SynapseError('SYNAPSE_INVALID_VALUE', 'tensor buffer is not a msgpack-numpy map');
  const get = (k: string) => {
    for (const [key, v] of m as Map<unknown, unknown>) {
      const name = typeof key === 'string' ? key : key instanceof Uint8Array ? dec.decode(key) : undefined;
      if (name === k) return v;
    }
    return undefined;
  };
  const type = get('type');
  const raw = get('data');
  const shape = get('shape');
  if (typeof type !== 'string' || !(raw instanceof Uint8Array) || !Array.isArray(shape))
    throw new SynapseError('SYNAPSE_INVALID_VALUE', 'tensor buffer lacks type, data or shape');
  const d = byName(type);
  if (!d) throw new SynapseError('SYNAPSE_INVALID_VALUE', `unsupported tensor dtype '${type}'`);
  if (raw.byteLength % d.ctor.BYTES_PER_ELEMENT !== 0)
    throw new SynapseError(
      'SYNAPSE_INVALID_VALUE',
      `tensor data length ${raw.byteLength} does not fit dtype '${type}'`,
    );
  // The buffer's own shape must hold exactly its data, as numpy requires when it reads it back (a Python peer
  // raises on such a buffer; a shape read as-is would let the buffer contradict itself).
  const dims = shape.map(Number);
  const count = raw.byteLength / d.ctor.BYTES_PER_ELEMENT;
  if (!dims.every((x) => Number.isSafeInteger(x) && x >= 0) || dims.reduce((a, b) => a * b, 1) !== count)
    throw new SynapseError(
      'SYNAPSE_INVALID_VALUE',
      `tensor buffer shape [${dims.slice(0, 8).join(', ')}${dims.length > 8 ? ', …' : ''}] does not hold its ${count} elements`,
    );
  const copy = new Uint8Array(raw.byteLength);
  copy.set(raw);
  return { data: new d.ctor(copy.buffer), shape: dims };
}

/** The tensor's data as a typed array, whichever form its buffer is in (null for a tensor without a buffer). */
export function tensorData(t: TensorValue): TensorArray | null {
  if (t.buffer === null) return null;
  if (typeof t.buffer !== 'string') return t.buffer;
  return decodeTensorBuffer(t.buffer).data;
}

/** The Python form of a tensor: buffer as base64 msgpack-numpy (what JSON carries and the body hash covers). */
export function pythonTensor(t: TensorValue): TensorValue {
  if (t.buffer === null || typeof t.buffer === 'string') return t;
  return { buffer: encodeTensorBuffer(t.buffer, t.shape), dtype: t.dtype, shape: t.shape };
}
