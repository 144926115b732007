/**
 * Synapse definitions written as JSON (the CLI's `--def` file):
 * `{"name":"F","fields":{"x":{"type":"float","required":true},"z":{"type":"list","optional":true}},"hashFields":["x"]}`.
 *
 * Types are Python's: `int` is a Python int of any size, so it is read as a bigint field (`t.bigint()`), never refused
 * above 2^53 as a TypeScript `t.int()` field is; `bigint` is accepted as another name for it.
 */

import { emptyOf } from './coerce.js';
import { defineSynapse, type SynapseDefinition } from './define.js';
import { SynapseError } from './errors.js';
import { type AnyField, type FieldKind, type FieldShape, t } from './fields.js';

const KINDS: readonly FieldKind[] = [
  'str',
  'int',
  'bigint',
  'float',
  'bool',
  'list',
  'tuple',
  'dict',
  'object',
  'tensor',
  'any',
];

function fail(path: string, msg: string): never {
  throw new SynapseError('SYNAPSE_INVALID_DEFINITION', `${path}: ${msg}`);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fieldFromJson(spec: unknown, path: string, nested = false): AnyField {
  if (typeof spec === 'string') spec = { type: spec };
  if (!isObj(spec)) fail(path, 'a field must be an object like {"type":"int"}');
  const kind = spec.type;
  if (typeof kind !== 'string' || !KINDS.includes(kind as FieldKind))
    fail(path, `type must be one of ${KINDS.join(', ')} (got ${JSON.stringify(kind)})`);
  let f: AnyField;
  switch (kind as FieldKind) {
    case 'list':
      f = spec.items === undefined ? t.list() : t.list(fieldFromJson(spec.items, `${path}.items`, true));
      break;
    case 'tuple': {
      if (spec.items !== undefined && !Array.isArray(spec.items)) fail(path, 'tuple "items" must be a list of fields');
      const items = ((spec.items as unknown[] | undefined) ?? []).map((x, i) =>
        fieldFromJson(x, `${path}.items[${i}]`, true),
      );
      f = t.tuple(...items);
      break;
    }
    case 'dict':
      f = spec.items === undefined ? t.dict() : t.dict(fieldFromJson(spec.items, `${path}.items`, true));
      break;
    case 'object': {
      if (!isObj(spec.fields)) fail(path, 'an object field needs "fields"');
      const shape: FieldShape = {};
      for (const [k, v] of Object.entries(spec.fields)) shape[k] = fieldFromJson(v, `${path}.fields.${k}`);
      f = t.object(shape);
      break;
    }
    case 'int':
      f = t.bigint();
      break;
    default:
      f = (t[kind as Exclude<FieldKind, 'list' | 'tuple' | 'dict' | 'object' | 'int'>] as () => AnyField)();
  }
  if (nested && spec.required === undefined && spec.optional === undefined && spec.default === undefined) return f;
  if (spec.required === true && spec.optional === true) fail(path, 'a field cannot be both required and optional');
  if (spec.optional === true) f = f.optional();
  else if (spec.required !== true) f = f.default(spec.default === undefined ? emptyOf(f) : spec.default);
  if (spec.nullable === true) f = f.nullable();
  if (spec.frozen === true) f = f.frozen();
  return f;
}

/** Builds a definition from its JSON form. Throws `SynapseError('SYNAPSE_INVALID_DEFINITION')` naming the bad part. */
export function defineSynapseFromJson(json: unknown): SynapseDefinition<FieldShape, unknown> {
  if (!isObj(json)) fail('definition', 'must be a JSON object');
  if (typeof json.name !== 'string') fail('definition.name', 'must be a string');
  if (!isObj(json.fields)) fail('definition.fields', 'must be an object');
  const fields: FieldShape = {};
  for (const [k, v] of Object.entries(json.fields)) fields[k] = fieldFromJson(v, `fields.${k}`);
  const hashFields = json.hashFields ?? json.required_hash_fields ?? [];
  if (!Array.isArray(hashFields) || !hashFields.every((h) => typeof h === 'string'))
    fail('definition.hashFields', 'must be a list of field names');
  return defineSynapse({ name: json.name, fields, hashFields: hashFields as string[] });
}
