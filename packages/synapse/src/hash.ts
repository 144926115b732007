/**
 * The body hash (spec §3.1): SHA3-256 (FIPS-202, not Keccak) of the concatenated hex SHA3-256 digests of
 * Python `str()` of each hash field, in `required_hash_fields` order. With no hash fields it is H("").
 */
import { createHash } from 'node:crypto';
import type { Synapse, SynapseDefinition } from './define.js';
import { SynapseError, shortText } from './errors.js';
import type { FieldShape, FieldSpec, TensorValue } from './fields.js';
import { isMarkedFloat } from './py-float.js';
import { pyFloatRepr, pyIntRepr, pyRepr, pyStrRepr } from './py-repr.js';
import { pythonTensor } from './tensor.js';

/** SHA3-256 of the UTF-8 bytes of `text`, lowercase hex. */
export function sha3Hex(text: string | Uint8Array): string {
  return createHash('sha3-256').update(text).digest('hex');
}

/** H(""): the body hash of a synapse without hash fields. */
export const EMPTY_BODY_HASH = 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a';

function wrong(path: string, spec: FieldSpec, v: unknown): never {
  throw new SynapseError(
    'SYNAPSE_INVALID_VALUE',
    `${path}: a ${spec.kind} field holds ${typeof v} ${shortText(String(v))}`,
  );
}

/** Python `repr()` of a field value, driven by the field's kind (a float field's `1` is `1.0`). */
export function reprField(spec: FieldSpec, v: unknown, path = 'value'): string {
  if (v === null || v === undefined) return 'None';
  switch (spec.kind) {
    case 'str':
      return typeof v === 'string' ? pyStrRepr(v) : wrong(path, spec, v);
    case 'int':
    case 'bigint':
      return typeof v === 'number' || typeof v === 'bigint' ? pyIntRepr(v) : wrong(path, spec, v);
    case 'float':
      return typeof v === 'number' ? pyFloatRepr(v) : pyRepr(v, true);
    case 'bool':
      return typeof v === 'boolean' ? (v ? 'True' : 'False') : wrong(path, spec, v);
    case 'list': {
      if (!Array.isArray(v)) return wrong(path, spec, v);
      const item = spec.item;
      if (!item) return pyRepr(v);
      return `[${v.map((x, i) => reprField(item, x, `${path}[${i}]`)).join(', ')}]`;
    }
    case 'tuple': {
      if (!Array.isArray(v)) return wrong(path, spec, v);
      const items = spec.items;
      const parts = v.map((x, i) =>
        items ? reprField(items[i] ?? { ...spec, kind: 'any' }, x, `${path}[${i}]`) : pyRepr(x, isMarkedFloat(v, i, x)),
      );
      return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
    }
    case 'dict': {
      if (typeof v !== 'object') return wrong(path, spec, v);
      const item = spec.item;
      if (!item) return pyRepr(v);
      const o = v as Record<string, unknown>;
      return `{${Object.keys(o)
        .map((k) => `${pyStrRepr(k)}: ${reprField(item, o[k], `${path}.${k}`)}`)
        .join(', ')}}`;
    }
    case 'object':
      return reprShape(spec.shape ?? {}, v as Record<string, unknown>, path);
    case 'tensor': {
      const tv = pythonTensor(v as TensorValue);
      const buf = tv.buffer === null ? 'None' : pyStrRepr(tv.buffer as string);
      return `{'buffer': ${buf}, 'dtype': ${pyStrRepr(tv.dtype)}, 'shape': [${tv.shape.map((d) => pyIntRepr(d)).join(', ')}]}`;
    }
    case 'any':
      return pyRepr(v);
  }
}

function reprShape(shape: Readonly<Record<string, FieldSpec>>, o: Record<string, unknown>, path: string): string {
  if (typeof o !== 'object' || o === null)
    throw new SynapseError('SYNAPSE_INVALID_VALUE', `${path}: expected an object`);
  return `{${Object.keys(shape)
    .map((k) => {
      const spec = shape[k]!;
      const v = spec.kind === 'any' ? pyRepr(o[k], isMarkedFloat(o, k, o[k])) : reprField(spec, o[k], `${path}.${k}`);
      return `${pyStrRepr(k)}: ${v}`;
    })
    .join(', ')}}`;
}

/** Python `str()` of a field value: a top-level str is the raw text, everything else its repr. */
export function strField(spec: FieldSpec, v: unknown, path = 'value'): string {
  if (spec.kind === 'str' && typeof v === 'string') return v;
  if (spec.kind === 'any' && typeof v === 'string') return v;
  return reprField(spec, v, path);
}

/** Python `str()` of an untyped top-level value, honouring float marks of its container. */
export function strUntyped(container: object, key: string, v: unknown): string {
  if (typeof v === 'string') return v;
  return pyRepr(v, isMarkedFloat(container, key, v));
}

/** `synapse.body_hash` for a definition's `hashFields`. */
export function bodyHash<S extends FieldShape>(def: SynapseDefinition<S, unknown>, synapse: Synapse<S>): string {
  if (def.hashFields.length === 0) return EMPTY_BODY_HASH;
  const rec = synapse as unknown as Record<string, unknown>;
  let joined = '';
  for (const f of def.hashFields) {
    const spec = def.fields[f] as FieldSpec;
    const text = spec.kind === 'any' ? strUntyped(rec, f, rec[f]) : strField(spec, rec[f], `${def.name}.${f}`);
    joined += sha3Hex(text);
  }
  return sha3Hex(joined);
}
