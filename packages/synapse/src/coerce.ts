/**
 * Validation and coercion of field values, in pydantic's lax mode: what a Python axon would accept into the same
 * field is accepted here and normalised to the field's JS type; anything else is a `SynapseError('SYNAPSE_INVALID_VALUE')`
 * naming the field path.
 */
import { SynapseError, shortText } from './errors.js';
import type { FieldKind, FieldSpec, TensorValue } from './fields.js';
import { isMarkedFloat, markFloat, PyFloat } from './py-float.js';
import { parsePyFloat } from './py-number.js';

/** `placeholder`: a missing required value becomes the empty value of its kind (header synapses). */
export type CoerceMode = 'strict' | 'placeholder';

function show(v: unknown): string {
  if (typeof v === 'bigint') return shortText(`${v}`);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'an array';
  if (v && typeof v === 'object') return 'an object';
  return shortText(String(v));
}

function bad(path: string, expected: string, v: unknown): never {
  throw new SynapseError('SYNAPSE_INVALID_VALUE', `${path}: expected ${expected}, got ${show(v)}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/** A fresh empty value of a kind: what `type(value)()` is in Python. */
export function emptyOf(spec: FieldSpec): unknown {
  switch (spec.kind) {
    case 'str':
      return '';
    case 'int':
    case 'float':
      return 0;
    case 'bigint':
      return 0n;
    case 'bool':
      return false;
    case 'list':
    case 'tuple':
      return [];
    case 'dict':
      return {};
    case 'object':
      return coerceShape(spec.shape ?? {}, {}, '', 'placeholder');
    case 'tensor':
      return { buffer: null, dtype: '', shape: [] } satisfies TensorValue;
    case 'any':
      return null;
  }
}

// Defaults are deep-copied per instance, as pydantic copies mutable defaults.
function cloneDefault(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  return structuredClone(v);
}

const TRUE_STR = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_STR = new Set(['0', 'off', 'f', 'false', 'n', 'no']);
const INT_STR = /^\s*[+-]?\d+\s*$/;

function coerceScalar(kind: FieldKind, v: unknown, path: string): unknown {
  switch (kind) {
    case 'str':
      return typeof v === 'string' ? v : bad(path, 'a string', v);
    case 'int': {
      if (typeof v === 'number') {
        if (!Number.isInteger(v)) return bad(path, 'an integer', v);
        if (!Number.isSafeInteger(v)) return bad(path, 'an integer below 2^53 (use t.bigint())', v);
        return v === 0 ? 0 : v;
      }
      if (typeof v === 'bigint') {
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
          return bad(path, 'an integer below 2^53 (use t.bigint())', v);
        return Number(v);
      }
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'string' && INT_STR.test(v)) return coerceScalar('int', BigInt(v.trim()), path);
      return bad(path, 'an integer', v);
    }
    case 'bigint':
      if (typeof v === 'bigint') return v;
      if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
      if (typeof v === 'boolean') return v ? 1n : 0n;
      if (typeof v === 'string' && INT_STR.test(v)) return BigInt(v.trim());
      return bad(path, 'an integer', v);
    case 'float':
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (v instanceof PyFloat) return v.value;
      if (typeof v === 'string') {
        try {
          return parsePyFloat(v, path);
        } catch (err) {
          throw new SynapseError('SYNAPSE_INVALID_VALUE', `${path}: expected a float, got ${show(v)}`, { cause: err });
        }
      }
      return bad(path, 'a float', v);
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (v === 0 || v === 1) return v === 1;
      if (typeof v === 'string') {
        const s = v.trim().toLowerCase();
        if (TRUE_STR.has(s)) return true;
        if (FALSE_STR.has(s)) return false;
      }
      return bad(path, 'a boolean', v);
    default:
      throw new SynapseError('SYNAPSE_INVALID_DEFINITION', `not a scalar kind: ${kind}`);
  }
}

function coerceTensor(v: unknown, path: string, mode: CoerceMode): TensorValue {
  if (!isPlainObject(v)) return bad(path, 'a tensor object {buffer, dtype, shape}', v);
  const { buffer, dtype, shape } = v;
  if (buffer !== undefined && buffer !== null && typeof buffer !== 'string' && !ArrayBuffer.isView(buffer))
    bad(`${path}.buffer`, 'a base64 string, a typed array or null', buffer);
  if (dtype === undefined && mode === 'placeholder') return { buffer: null, dtype: '', shape: [] };
  if (typeof dtype !== 'string') bad(`${path}.dtype`, 'a string', dtype);
  if (!Array.isArray(shape)) return bad(`${path}.shape`, 'a list of integers', shape);
  const dims = shape.map((d, i) => coerceScalar('int', d, `${path}.shape[${i}]`) as number);
  return { buffer: (buffer ?? null) as TensorValue['buffer'], dtype, shape: dims };
}

/** Coerces one value into a field. `undefined` means "not given". */
export function coerceField(spec: FieldSpec, v: unknown, path: string, mode: CoerceMode = 'strict'): unknown {
  if (v === undefined) {
    if (spec.hasDefault) return cloneDefault(spec.defaultValue);
    if (mode === 'placeholder') return emptyOf(spec);
    throw new SynapseError('SYNAPSE_INVALID_VALUE', `${path}: required field is missing`);
  }
  if (v === null) {
    if (spec.isNullable) return null;
    if (mode === 'placeholder') return emptyOf(spec);
    return bad(path, `a ${spec.kind} (the field is not nullable)`, v);
  }
  switch (spec.kind) {
    case 'any':
      return v;
    case 'list': {
      if (!Array.isArray(v)) return bad(path, 'a list', v);
      const item = spec.item;
      if (!item) return v;
      return v.map((x, i) => coerceField(item, x, `${path}[${i}]`, mode));
    }
    case 'tuple': {
      if (!Array.isArray(v)) return bad(path, 'a tuple (a JSON list)', v);
      const items = spec.items;
      if (!items) return v;
      if (v.length !== items.length) return bad(path, `a tuple of ${items.length} items`, v);
      return v.map((x, i) => coerceField(items[i]!, x, `${path}[${i}]`, mode));
    }
    case 'dict': {
      if (!isPlainObject(v)) return bad(path, 'a dict', v);
      const item = spec.item;
      if (!item) return v;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) out[k] = coerceField(item, v[k], `${path}.${k}`, mode);
      return out;
    }
    case 'object':
      if (!isPlainObject(v)) return bad(path, 'an object', v);
      return coerceShape(spec.shape ?? {}, v, path, mode);
    case 'tensor':
      return coerceTensor(v, path, mode);
    default:
      return coerceScalar(spec.kind, v, path);
  }
}

/** Builds an object of a shape: members in declaration order, unknown members dropped (pydantic ignores extras). */
export function coerceShape(
  shape: Readonly<Record<string, FieldSpec>>,
  src: Record<string, unknown>,
  path: string,
  mode: CoerceMode = 'strict',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(shape)) {
    const spec = shape[name]!;
    const v = coerceField(spec, src[name], path ? `${path}.${name}` : name, mode);
    out[name] = v;
    // An untyped member read as `1.0` stays a float for hashing and re-encoding.
    if (spec.kind === 'any' && typeof v === 'number' && isMarkedFloat(src, name, v)) markFloat(out, name, v);
  }
  return out;
}
