/**
 * The header codec (spec §2.2, §2.3). `toHeaders` emits the headers in Python's order; `fromHeaders` rebuilds the
 * "header synapse" an axon verifies before reading the body.
 */
import { coerceField } from './coerce.js';
import type { Synapse, SynapseDefinition } from './define.js';
import { SynapseError, shortText } from './errors.js';
import type { FieldShape, FieldSpec } from './fields.js';
import { bodyHash } from './hash.js';
import { parseJson } from './json.js';
import { parsePyFloat, parsePySafeInt } from './py-number.js';
import { pyFloatRepr, pyIntRepr } from './py-repr.js';
import {
  isTerminalField,
  parseTerminalHeader,
  TERMINAL_INFO_FIELDS,
  type TerminalInfo,
  terminalInfo,
} from './terminal-info.js';

export type HeaderList = [name: string, value: string][];

export interface ToHeadersOptions {
  /** `header_size` value. Python sends `sys.getsizeof(headers)`; any integer is accepted. Default: bytes so far. */
  headerSize?: number;
  /** `total_size` value. Default: the synapse's `total_size`. */
  totalSize?: number;
  /** Use this body hash instead of computing it (when the caller already has it). */
  bodyHash?: string;
}

/** The empty-value JSON (base64) Python sends in `bt_header_input_obj_*` for each kind (spec §2.2 item 5). */
export const INPUT_OBJ_PLACEHOLDER = {
  str: 'IiI=', // ""
  int: 'MA==', // 0
  float: 'MC4w', // 0.0
  bool: 'ZmFsc2U=', // false
  list: 'W10=', // []
  dict: 'e30=', // {} (also nested models and tensors, which model_dump() turns into dicts)
} as const;

/** Placeholder for one value: by the value's Python type, which a typed field fixes and an `any` field takes at run time. */
export function inputObjPlaceholder(spec: FieldSpec, value: unknown): string {
  switch (spec.kind) {
    case 'str':
      return INPUT_OBJ_PLACEHOLDER.str;
    case 'int':
    case 'bigint':
      return INPUT_OBJ_PLACEHOLDER.int;
    case 'float':
      return INPUT_OBJ_PLACEHOLDER.float;
    case 'bool':
      return INPUT_OBJ_PLACEHOLDER.bool;
    case 'list':
    case 'tuple': // json.dumps(()) is []
      return INPUT_OBJ_PLACEHOLDER.list;
    case 'dict':
    case 'object':
    case 'tensor':
      return INPUT_OBJ_PLACEHOLDER.dict;
    case 'any':
      if (typeof value === 'string') return INPUT_OBJ_PLACEHOLDER.str;
      if (typeof value === 'boolean') return INPUT_OBJ_PLACEHOLDER.bool;
      if (typeof value === 'bigint') return INPUT_OBJ_PLACEHOLDER.int;
      if (typeof value === 'number')
        return Number.isInteger(value) ? INPUT_OBJ_PLACEHOLDER.int : INPUT_OBJ_PLACEHOLDER.float;
      if (Array.isArray(value)) return INPUT_OBJ_PLACEHOLDER.list;
      return INPUT_OBJ_PLACEHOLDER.dict;
  }
}

const AXON_NAMES = TERMINAL_INFO_FIELDS.map(([f]) => `bt_header_axon_${f}`);
const DENDRITE_NAMES = TERMINAL_INFO_FIELDS.map(([f]) => `bt_header_dendrite_${f}`);
const inputObjNames = new WeakMap<object, string[]>();

function terminalHeaders(names: readonly string[], info: TerminalInfo | null | undefined, out: string[]): void {
  if (!info) return;
  const rec = info as unknown as Record<string, unknown>;
  for (let i = 0; i < TERMINAL_INFO_FIELDS.length; i++) {
    const [f, kind] = TERMINAL_INFO_FIELDS[i]!;
    const v = rec[f];
    if (v === null || v === undefined) continue;
    let s: string;
    if (kind === 'float') s = pyFloatRepr(v as number);
    else if (kind === 'int' || kind === 'bigint') s = pyIntRepr(v as number | bigint);
    else s = String(v);
    out.push(names[i]!, s);
  }
}

/**
 * `Synapse.to_headers()`: name, timeout, `bt_header_axon_*`, `bt_header_dendrite_*` (non-null fields in TerminalInfo
 * order), `bt_header_input_obj_*` (required, non-null fields), header_size, total_size, computed_body_hash
 * (recomputed from the values, not copied from the synapse).
 */
export function toHeaders<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  synapse: Synapse<S>,
  options: ToHeadersOptions = {},
): HeaderList {
  const flat = toFlatHeaders(def, synapse, options);
  const out: HeaderList = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

/** `toHeaders` as a flat `[name, value, name, value, …]` list (what HTTP clients take), without the pair arrays. */
export function toFlatHeaders<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  synapse: Synapse<S>,
  options: ToHeadersOptions = {},
): string[] {
  const out: string[] = [
    'name',
    synapse.name ?? def.name,
    'timeout',
    synapse.timeout === null || synapse.timeout === undefined ? 'None' : pyFloatRepr(synapse.timeout),
  ];
  terminalHeaders(AXON_NAMES, synapse.axon, out);
  terminalHeaders(DENDRITE_NAMES, synapse.dendrite, out);
  const rec = synapse as unknown as Record<string, unknown>;
  let names = inputObjNames.get(def);
  if (!names) {
    names = def.requiredFields.map((f) => `bt_header_input_obj_${f}`);
    inputObjNames.set(def, names);
  }
  for (let i = 0; i < def.requiredFields.length; i++) {
    const f = def.requiredFields[i]!;
    const v = rec[f];
    if (v === null || v === undefined) continue;
    out.push(names[i]!, inputObjPlaceholder(def.fields[f] as FieldSpec, v));
  }
  let headerSize = options.headerSize;
  if (headerSize === undefined) {
    headerSize = 0;
    for (const x of out) headerSize += x.length;
  }
  out.push('header_size', String(Math.trunc(headerSize)));
  out.push('total_size', String(Math.trunc(options.totalSize ?? synapse.total_size ?? 0)));
  out.push('computed_body_hash', options.bodyHash ?? bodyHash(def, synapse));
  return out;
}

/** Header input accepted by `fromHeaders`: a header list, a record (Node's IncomingHttpHeaders), or a `Headers`. */
export type HeaderInput =
  | Iterable<readonly [string, string]>
  | Record<string, string | string[] | undefined>
  | { forEach(cb: (value: string, key: string) => void): void };

/** Normalises headers to lowercase names; a repeated header keeps its last value. */
export function headerMap(headers: HeaderInput): Map<string, string> {
  const m = new Map<string, string>();
  if (typeof (headers as { forEach?: unknown }).forEach === 'function' && !Array.isArray(headers)) {
    (headers as { forEach(cb: (v: string, k: string) => void): void }).forEach((v, k) => {
      m.set(k.toLowerCase(), v);
    });
  } else if (Symbol.iterator in (headers as object)) {
    for (const [k, v] of headers as Iterable<readonly [string, string]>) m.set(k.toLowerCase(), v);
  } else {
    for (const [k, v] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
      if (v === undefined) continue;
      m.set(k.toLowerCase(), Array.isArray(v) ? (v[v.length - 1] ?? '') : v);
    }
  }
  return m;
}

function decodeInputObj(header: string, value: string): unknown {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value.trim()) || value.trim().length % 4 !== 0)
    throw new SynapseError('SYNAPSE_INVALID_HEADER', `${header}: ${shortText(JSON.stringify(value))} is not base64`);
  const text = Buffer.from(value.trim(), 'base64').toString('utf8');
  try {
    return parseJson(text);
  } catch (err) {
    throw new SynapseError('SYNAPSE_INVALID_HEADER', `${header}: base64 value does not decode to JSON`, { cause: err });
  }
}

/**
 * `Synapse.from_headers()`: the header synapse. Terminal info is parsed with Python int()/float() rules; required
 * fields take the placeholder their `bt_header_input_obj_*` carries (the real data is in the body); other fields take
 * their defaults. Errors are `SynapseError` with code `INVALID_HEADER` or `MISSING_HEADER`, naming the header.
 */
export function fromHeaders<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  headers: HeaderInput,
): Synapse<S> {
  const h = headerMap(headers);
  const axon = terminalInfo();
  const dendrite = terminalInfo();
  const inputs: Record<string, unknown> = {};
  const byLower = new Map<string, string>(def.fieldNames.map((f) => [f.toLowerCase(), f]));
  for (const [key, value] of h) {
    let target: TerminalInfo | undefined;
    let field = '';
    if (key.startsWith('bt_header_axon_')) {
      target = axon;
      field = key.slice('bt_header_axon_'.length);
    } else if (key.startsWith('bt_header_dendrite_')) {
      target = dendrite;
      field = key.slice('bt_header_dendrite_'.length);
    } else if (key.startsWith('bt_header_input_obj_')) {
      // HTTP lowercases header names, so field names match case-insensitively (a Python axon would miss them).
      const name = byLower.get(key.slice('bt_header_input_obj_'.length));
      if (name !== undefined) inputs[name] = decodeInputObj(key, value);
      continue;
    }
    // Unknown terminal fields are ignored, as pydantic ignores extra fields.
    if (target && isTerminalField(field)) {
      (target as unknown as Record<string, unknown>)[field] = parseTerminalHeader(field, value, key);
    }
  }
  const synapse: Record<string, unknown> = {
    name: h.get('name') ?? def.name,
    timeout: h.has('timeout') ? parsePyFloat(h.get('timeout')!, 'timeout') : null,
    total_size: h.has('total_size') ? parsePySafeInt(h.get('total_size')!, 'total_size') : null,
    header_size: h.has('header_size') ? parsePySafeInt(h.get('header_size')!, 'header_size') : null,
    dendrite,
    axon,
    computed_body_hash: h.get('computed_body_hash') ?? '',
  };
  for (const f of def.fieldNames) {
    const spec = def.fields[f] as FieldSpec;
    if (spec.required && inputs[f] === undefined && !spec.isNullable) {
      throw new SynapseError(
        'SYNAPSE_MISSING_HEADER',
        `bt_header_input_obj_${f}: missing; ${def.name}.${f} is required, so the sender must send its placeholder`,
      );
    }
    synapse[f] = coerceField(
      spec,
      inputs[f] ?? (spec.required ? null : undefined),
      `bt_header_input_obj_${f}`,
      'placeholder',
    );
  }
  return synapse as Synapse<S>;
}

/** Headers as a plain record (for HTTP clients that take one); order is kept by insertion. */
export function headersToRecord(list: HeaderList): Record<string, string> {
  const r: Record<string, string> = {};
  for (const [k, v] of list) r[k] = v;
  return r;
}
