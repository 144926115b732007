/**
 * A msgpack body codec for subnetkit↔subnetkit traffic (content type `application/msgpack`). Same fields and order as
 * the JSON body; typed arrays (tensor buffers included) travel as binary, nonces as 64-bit integers. Python peers only
 * speak JSON, so a dendrite must use this only toward an axon that advertises it.
 *
 * Integral floats inside untyped containers (which msgpack would write as ints) are sent as a float64 extension so
 * the receiver's body hash sees `1.0`, not `1`.
 */
import { addExtension, Packr, Unpackr } from 'msgpackr';
import type { Synapse, SynapseDefinition } from './define.js';
import { SynapseError } from './errors.js';
import type { FieldShape, FieldSpec } from './fields.js';
import { isMarkedFloat, markFloat, PyFloat } from './py-float.js';

export const MSGPACK_CONTENT_TYPE = 'application/msgpack';

// Application extension type for "this number is a Python float".
const PY_FLOAT_EXT = 0x50;
addExtension({
  Class: PyFloat,
  type: PY_FLOAT_EXT,
  write: undefined,
  pack(v: PyFloat) {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(v.value);
    return b;
  },
  unpack(b: Uint8Array) {
    return new PyFloat(Buffer.from(b.buffer, b.byteOffset, b.byteLength).readDoubleBE(0));
  },
});

const packr = new Packr({ useRecords: false, moreTypes: true });
const unpackr = new Unpackr({ useRecords: false, moreTypes: true, int64AsType: 'bigint', mapsAsObjects: true });

// Copies untyped data, wrapping integral floats the JSON parser marked (or PyFloats) so they stay floats.
function wrapFloats(v: unknown): unknown {
  if (Array.isArray(v))
    return v.map((x, i) => (typeof x === 'number' && isMarkedFloat(v, i, x) ? new PyFloat(x) : wrapFloats(x)));
  if (v && typeof v === 'object' && !ArrayBuffer.isView(v) && !(v instanceof PyFloat)) {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) {
      const x = o[k];
      out[k] = typeof x === 'number' && isMarkedFloat(o, k, x) ? new PyFloat(x) : wrapFloats(x);
    }
    return out;
  }
  return v;
}

// The reverse: PyFloat back to a marked plain number.
function unwrapFloats(v: unknown): unknown {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x instanceof PyFloat) {
        v[i] = x.value;
        markFloat(v, i, x.value);
      } else unwrapFloats(x);
    }
  } else if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (x instanceof PyFloat) {
        o[k] = x.value;
        markFloat(o, k, x.value);
      } else unwrapFloats(x);
    }
  }
  return v;
}

function plainField(spec: FieldSpec, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (spec.kind) {
    case 'any':
      return typeof v === 'number' ? v : wrapFloats(v);
    case 'list':
      if (!spec.item) return wrapFloats(v);
      return (v as unknown[]).map((x) => plainField(spec.item!, x));
    case 'tuple':
      if (!spec.items) return wrapFloats(v);
      return (v as unknown[]).map((x, i) => plainField(spec.items![i]!, x));
    case 'dict': {
      if (!spec.item) return wrapFloats(v);
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(o)) out[k] = plainField(spec.item, o[k]);
      return out;
    }
    case 'object': {
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(spec.shape ?? {})) out[k] = plainField(s, o[k]);
      return out;
    }
    default:
      return v;
  }
}

/** msgpack bytes of a synapse: the same map as the JSON body. */
export function encodeMsgpackBody<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  synapse: Synapse<S>,
): Uint8Array {
  const s = synapse as Synapse<S> & Record<string, unknown>;
  const out: Record<string, unknown> = {
    name: s.name,
    timeout: s.timeout,
    total_size: s.total_size,
    header_size: s.header_size,
    dendrite: s.dendrite,
    axon: s.axon,
    computed_body_hash: s.computed_body_hash,
  };
  for (const f of def.fieldNames) {
    const spec = def.fields[f] as FieldSpec;
    const v = s[f];
    out[f] =
      spec.kind === 'any' && typeof v === 'number' && isMarkedFloat(s, f, v) ? new PyFloat(v) : plainField(spec, v);
  }
  try {
    return packr.pack(out);
  } catch (err) {
    throw new SynapseError('SYNAPSE_INVALID_VALUE', `cannot encode ${def.name} as msgpack: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** A validated synapse from msgpack bytes. */
export function decodeMsgpackBody<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  bytes: Uint8Array,
): Synapse<S> {
  let raw: unknown;
  try {
    raw = unpackr.unpack(bytes);
  } catch (err) {
    throw new SynapseError('SYNAPSE_INVALID_MSGPACK', `body is not valid msgpack: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (typeof raw !== 'object' || raw === null || Object.getPrototypeOf(raw) !== Object.prototype)
    throw new SynapseError('SYNAPSE_INVALID_MSGPACK', 'body is not a msgpack map');
  return def.fromBody(unwrapFloats(raw));
}
