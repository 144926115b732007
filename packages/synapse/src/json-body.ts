/**
 * The JSON body: every field, base fields first in Python's order, nulls included, written the way Python writes it
 * (spec §1.3). `python` style is `json.dumps` (what a Python dendrite sends); `compact` is Starlette's JSONResponse
 * (what a Python axon answers with).
 */
import type { Synapse, SynapseDefinition } from './define.js';
import { SynapseError } from './errors.js';
import type { FieldShape, FieldSpec, TensorValue } from './fields.js';
import { type JsonStyle, jsonFloat, jsonString, parseJson, stringifyJson } from './json.js';
import { isMarkedFloat } from './py-float.js';
import { pyIntRepr } from './py-repr.js';
import { pythonTensor } from './tensor.js';
import { TERMINAL_INFO_FIELDS, type TerminalInfo } from './terminal-info.js';

function wrong(path: string, kind: string, v: unknown): never {
  throw new SynapseError('INVALID_VALUE', `${path}: a ${kind} field holds ${typeof v} ${String(v)}`);
}

function writeField(spec: FieldSpec, v: unknown, style: JsonStyle, path: string): string {
  if (v === null || v === undefined) return 'null';
  const sep = style === 'python' ? ', ' : ',';
  const colon = style === 'python' ? ': ' : ':';
  switch (spec.kind) {
    case 'str':
      return typeof v === 'string' ? jsonString(v, style) : wrong(path, 'str', v);
    case 'int':
    case 'bigint':
      return typeof v === 'number' || typeof v === 'bigint' ? pyIntRepr(v) : wrong(path, 'int', v);
    case 'float':
      return typeof v === 'number' ? jsonFloat(v) : stringifyJson(v, style, true);
    case 'bool':
      return typeof v === 'boolean' ? (v ? 'true' : 'false') : wrong(path, 'bool', v);
    case 'list': {
      if (!Array.isArray(v)) return wrong(path, 'list', v);
      const item = spec.item;
      if (!item) return stringifyJson(v, style);
      return `[${v.map((x, i) => writeField(item, x, style, `${path}[${i}]`)).join(sep)}]`;
    }
    case 'tuple': {
      if (!Array.isArray(v)) return wrong(path, 'tuple', v);
      const items = spec.items;
      if (!items) return stringifyJson(v, style);
      return `[${v.map((x, i) => writeField(items[i]!, x, style, `${path}[${i}]`)).join(sep)}]`;
    }
    case 'dict': {
      if (typeof v !== 'object') return wrong(path, 'dict', v);
      const item = spec.item;
      if (!item) return stringifyJson(v, style);
      const o = v as Record<string, unknown>;
      return `{${Object.keys(o)
        .map((k) => `${jsonString(k, style)}${colon}${writeField(item, o[k], style, `${path}.${k}`)}`)
        .join(sep)}}`;
    }
    case 'object':
      return writeShape(spec.shape ?? {}, v as Record<string, unknown>, style, path);
    case 'tensor': {
      const tv = pythonTensor(v as TensorValue);
      const buf = tv.buffer === null ? 'null' : jsonString(tv.buffer as string, style);
      return `{${jsonString('buffer', style)}${colon}${buf}${sep}${jsonString('dtype', style)}${colon}${jsonString(tv.dtype, style)}${sep}${jsonString('shape', style)}${colon}[${tv.shape.map((d) => pyIntRepr(d)).join(sep)}]}`;
    }
    case 'any':
      return stringifyJson(v, style);
  }
}

function writeShape(
  shape: Readonly<Record<string, FieldSpec>>,
  o: Record<string, unknown>,
  style: JsonStyle,
  path: string,
): string {
  const sep = style === 'python' ? ', ' : ',';
  const colon = style === 'python' ? ': ' : ':';
  const parts: string[] = [];
  for (const k of Object.keys(shape)) {
    const spec = shape[k]!;
    const v = o[k];
    const text =
      spec.kind === 'any'
        ? stringifyJson(v, style, isMarkedFloat(o, k, v))
        : writeField(spec, v, style, `${path}.${k}`);
    parts.push(`${jsonString(k, style)}${colon}${text}`);
  }
  return `{${parts.join(sep)}}`;
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

/** The JSON body of a synapse, byte-compatible with Python's `json.dumps(synapse.model_dump())` (style `python`). */
export function encodeJsonBody<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  synapse: Synapse<S>,
  style: JsonStyle = 'python',
): string {
  const sep = style === 'python' ? ', ' : ',';
  const colon = style === 'python' ? ': ' : ':';
  const key = (k: string) => `${jsonString(k, style)}${colon}`;
  const s = synapse as Synapse<S> & Record<string, unknown>;
  const parts = [
    `${key('name')}${s.name === null ? 'null' : jsonString(s.name ?? def.name, style)}`,
    `${key('timeout')}${s.timeout === null || s.timeout === undefined ? 'null' : jsonFloat(s.timeout)}`,
    `${key('total_size')}${s.total_size === null || s.total_size === undefined ? 'null' : pyIntRepr(s.total_size)}`,
    `${key('header_size')}${s.header_size === null || s.header_size === undefined ? 'null' : pyIntRepr(s.header_size)}`,
    `${key('dendrite')}${writeTerminal(s.dendrite ?? null, style, 'dendrite')}`,
    `${key('axon')}${writeTerminal(s.axon ?? null, style, 'axon')}`,
    `${key('computed_body_hash')}${s.computed_body_hash === null ? 'null' : jsonString(s.computed_body_hash ?? '', style)}`,
  ];
  const own = writeShape(def.fields as Record<string, FieldSpec>, s, style, def.name);
  if (own === '{}') return `{${parts.join(sep)}}`;
  return `{${parts.join(sep)}${sep}${own.slice(1)}`;
}

/** Parses a JSON body (text or UTF-8 bytes) losslessly into a validated synapse of the definition. */
export function decodeJsonBody<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  body: string | Uint8Array,
): Synapse<S> {
  return def.fromBody(parseJson(body));
}
