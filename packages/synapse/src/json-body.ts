/**
 * The JSON body: every field, base fields first in Python's order, nulls included, written the way Python writes it
 * (spec §1.3). `python` style is `json.dumps` (what a Python dendrite sends); `compact` is Starlette's JSONResponse
 * (what a Python axon answers with).
 */
import { BASE_FIELD_NAMES, type Synapse, type SynapseDefinition } from './define.js';
import { SynapseError, shortText } from './errors.js';
import type { FieldShape, FieldSpec, TensorValue } from './fields.js';
import { type JsonStyle, jsonFloat, jsonString, parseJson, stringifyJson } from './json.js';
import { isMarkedFloat } from './py-float.js';
import { pyIntRepr } from './py-repr.js';
import { pythonTensor } from './tensor.js';
import { TERMINAL_INFO_FIELDS, type TerminalInfo } from './terminal-info.js';

// Paths name a value in error messages only, so they are joined only when there is an error to report.
function join(parent: string, key: string | number): string {
  return typeof key === 'number' ? `${parent}[${key}]` : `${parent}.${key}`;
}

function wrong(parent: string, key: string | number, kind: string, v: unknown): never {
  throw new SynapseError(
    'SYNAPSE_INVALID_VALUE',
    `${join(parent, key)}: a ${kind} field holds ${typeof v} ${shortText(String(v))}`,
  );
}

const SEP = { python: ', ', compact: ',' } as const;
const COLON = { python: ': ', compact: ':' } as const;

/** `"name": ` for each member of a shape, per style: written once per shape, not once per body. */
interface ShapeKeys {
  names: readonly string[];
  python: readonly string[];
  compact: readonly string[];
}
const keysByShape = new WeakMap<object, ShapeKeys>();

function keyPrefixes(names: readonly string[]): ShapeKeys {
  return {
    names,
    python: names.map((k) => `${jsonString(k, 'python')}${COLON.python}`),
    compact: names.map((k) => `${jsonString(k, 'compact')}${COLON.compact}`),
  };
}

function shapeKeys(shape: Readonly<Record<string, FieldSpec>>): ShapeKeys {
  let keys = keysByShape.get(shape);
  if (!keys) {
    keys = keyPrefixes(Object.keys(shape));
    keysByShape.set(shape, keys);
  }
  return keys;
}

function writeField(spec: FieldSpec, v: unknown, style: JsonStyle, parent: string, key: string | number): string {
  if (v === null || v === undefined) return 'null';
  switch (spec.kind) {
    case 'str':
      return typeof v === 'string' ? jsonString(v, style) : wrong(parent, key, 'str', v);
    case 'int':
    case 'bigint':
      return typeof v === 'number' || typeof v === 'bigint' ? pyIntRepr(v) : wrong(parent, key, 'int', v);
    case 'float':
      return typeof v === 'number' ? jsonFloat(v) : stringifyJson(v, style, true);
    case 'bool':
      return typeof v === 'boolean' ? (v ? 'true' : 'false') : wrong(parent, key, 'bool', v);
    case 'list': {
      if (!Array.isArray(v)) return wrong(parent, key, 'list', v);
      const item = spec.item;
      if (!item) return stringifyJson(v, style);
      const path = join(parent, key);
      return `[${v.map((x, i) => writeField(item, x, style, path, i)).join(SEP[style])}]`;
    }
    case 'tuple': {
      if (!Array.isArray(v)) return wrong(parent, key, 'tuple', v);
      const items = spec.items;
      if (!items) return stringifyJson(v, style);
      const path = join(parent, key);
      return `[${v.map((x, i) => writeField(items[i]!, x, style, path, i)).join(SEP[style])}]`;
    }
    case 'dict': {
      if (typeof v !== 'object') return wrong(parent, key, 'dict', v);
      const item = spec.item;
      if (!item) return stringifyJson(v, style);
      const o = v as Record<string, unknown>;
      const path = join(parent, key);
      return `{${Object.keys(o)
        .map((k) => `${jsonString(k, style)}${COLON[style]}${writeField(item, o[k], style, path, k)}`)
        .join(SEP[style])}}`;
    }
    case 'object':
      return writeShape(spec.shape ?? {}, v as Record<string, unknown>, style, join(parent, key));
    case 'tensor': {
      const tv = pythonTensor(v as TensorValue);
      const sep = SEP[style];
      const colon = COLON[style];
      const buf = tv.buffer === null ? 'null' : jsonString(tv.buffer as string, style);
      return `{${jsonString('buffer', style)}${colon}${buf}${sep}${jsonString('dtype', style)}${colon}${jsonString(tv.dtype, style)}${sep}${jsonString('shape', style)}${colon}[${tv.shape.map((d) => pyIntRepr(d)).join(sep)}]}`;
    }
    case 'any':
      return stringifyJson(v, style);
  }
}

/** The members of a shape as `"k": v` joined by the separator, without braces ('' for an empty shape). */
function writeMembers(
  shape: Readonly<Record<string, FieldSpec>>,
  o: Record<string, unknown>,
  style: JsonStyle,
  path: string,
): string {
  const keys = shapeKeys(shape);
  const prefixes = keys[style];
  const sep = SEP[style];
  let out = '';
  for (let i = 0; i < keys.names.length; i++) {
    const k = keys.names[i]!;
    const spec = shape[k]!;
    const v = o[k];
    const text =
      spec.kind === 'any' ? stringifyJson(v, style, isMarkedFloat(o, k, v)) : writeField(spec, v, style, path, k);
    out += i === 0 ? prefixes[i] + text : sep + prefixes[i] + text;
  }
  return out;
}

function writeShape(
  shape: Readonly<Record<string, FieldSpec>>,
  o: Record<string, unknown>,
  style: JsonStyle,
  path: string,
): string {
  return `{${writeMembers(shape, o, style, path)}}`;
}

const TERMINAL_SHAPE: Record<string, FieldSpec> = Object.fromEntries(
  TERMINAL_INFO_FIELDS.map(([f, kind]) => [
    f,
    { kind, required: false, isNullable: true, hasDefault: true, defaultValue: null, isFrozen: false },
  ]),
);

function writeTerminal(info: TerminalInfo | null, style: JsonStyle, path: string): string {
  if (info === null) return 'null';
  return writeShape(TERMINAL_SHAPE, info as unknown as Record<string, unknown>, style, path);
}

const BASE_KEYS = keyPrefixes(BASE_FIELD_NAMES);

/** The JSON body of a synapse, byte-compatible with Python's `json.dumps(synapse.model_dump())` (style `python`). */
export function encodeJsonBody<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  synapse: Synapse<S>,
  style: JsonStyle = 'python',
): string {
  const k = BASE_KEYS[style];
  const sep = SEP[style];
  const s = synapse as Synapse<S> & Record<string, unknown>;
  const base =
    `{${k[0]}${s.name === null ? 'null' : jsonString(s.name ?? def.name, style)}` +
    `${sep}${k[1]}${s.timeout === null || s.timeout === undefined ? 'null' : jsonFloat(s.timeout)}` +
    `${sep}${k[2]}${s.total_size === null || s.total_size === undefined ? 'null' : pyIntRepr(s.total_size)}` +
    `${sep}${k[3]}${s.header_size === null || s.header_size === undefined ? 'null' : pyIntRepr(s.header_size)}` +
    `${sep}${k[4]}${writeTerminal(s.dendrite ?? null, style, 'dendrite')}` +
    `${sep}${k[5]}${writeTerminal(s.axon ?? null, style, 'axon')}` +
    `${sep}${k[6]}${s.computed_body_hash === null ? 'null' : jsonString(s.computed_body_hash ?? '', style)}`;
  const own = writeMembers(def.fields as Record<string, FieldSpec>, s, style, def.name);
  return own === '' ? `${base}}` : `${base}${sep}${own}}`;
}

/** Parses a JSON body (text or UTF-8 bytes) losslessly into a validated synapse of the definition. */
export function decodeJsonBody<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  body: string | Uint8Array,
): Synapse<S> {
  return def.fromBody(parseJson(body));
}
