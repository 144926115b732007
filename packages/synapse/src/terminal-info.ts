/**
 * TerminalInfo: the `dendrite` and `axon` blocks of a synapse (spec §1.2). Every field is nullable and the order is
 * the wire order of both the JSON body and the `bt_header_{axon,dendrite}_*` headers.
 */
import { SynapseError, shortText } from './errors.js';
import { parsePyFloat, parsePyInt, parsePySafeInt } from './py-number.js';

export interface TerminalInfo {
  status_code: number | null;
  status_message: string | null;
  process_time: number | null;
  ip: string | null;
  port: number | null;
  version: number | null;
  /** Unix time in nanoseconds: a 19-digit integer, hence bigint. */
  nonce: bigint | null;
  uuid: string | null;
  hotkey: string | null;
  /** `0x` + 128 lowercase hex chars. */
  signature: string | null;
}

export type TerminalField = keyof TerminalInfo;
type TerminalKind = 'int' | 'bigint' | 'float' | 'str';

/** Field order and Python kind, as declared in bittensor's TerminalInfo. */
export const TERMINAL_INFO_FIELDS: readonly (readonly [TerminalField, TerminalKind])[] = [
  ['status_code', 'int'],
  ['status_message', 'str'],
  ['process_time', 'float'],
  ['ip', 'str'],
  ['port', 'int'],
  ['version', 'int'],
  ['nonce', 'bigint'],
  ['uuid', 'str'],
  ['hotkey', 'str'],
  ['signature', 'str'],
];

const KIND = new Map<string, TerminalKind>(TERMINAL_INFO_FIELDS);

/** A TerminalInfo with every field null, overlaid with `init`. */
export function terminalInfo(init: Partial<TerminalInfo> = {}): TerminalInfo {
  return {
    status_code: init.status_code ?? null,
    status_message: init.status_message ?? null,
    process_time: init.process_time ?? null,
    ip: init.ip ?? null,
    port: init.port ?? null,
    version: init.version ?? null,
    nonce: init.nonce ?? null,
    uuid: init.uuid ?? null,
    hotkey: init.hotkey ?? null,
    signature: init.signature ?? null,
  };
}

function bad(path: string, expected: string, v: unknown): never {
  const shown = shortText(typeof v === 'bigint' ? `${v}n` : String(JSON.stringify(v)));
  throw new SynapseError('SYNAPSE_INVALID_VALUE', `${path}: expected ${expected}, got ${typeof v} ${shown}`);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** Coerces one TerminalInfo value as pydantic + cast_int/cast_float would (strings go through Python int()/float()). */
export function coerceTerminalValue(field: TerminalField, v: unknown, path: string): unknown {
  return coerceKind(KIND.get(field)!, v, path, '');
}

// `path + sub` names the value in errors; it is only joined when there is an error to report.
function coerceKind(kind: TerminalKind, v: unknown, path: string, sub: string): unknown {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'str':
      return typeof v === 'string' ? v : bad(path + sub, 'a string', v);
    case 'float':
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'string') return parsePyFloat(v, path + sub);
      return bad(path + sub, 'a float', v);
    case 'int':
    case 'bigint': {
      // What bodies carry: a JSON integer, already exact.
      if (kind === 'int' && Number.isSafeInteger(v)) return v;
      if (kind === 'bigint' && typeof v === 'bigint') return v;
      let b: bigint;
      if (typeof v === 'bigint') b = v;
      else if (typeof v === 'number' && Number.isFinite(v))
        b = BigInt(Math.trunc(v)); // Python int(5.0) == 5
      else if (typeof v === 'string') b = parsePyInt(v, path + sub);
      else return bad(path + sub, 'an integer', v);
      if (kind === 'bigint') return b;
      if (b > MAX_SAFE || b < MIN_SAFE) return bad(path + sub, 'a small integer', v);
      return Number(b);
    }
  }
}

/** Builds a TerminalInfo from a parsed JSON object (a body's `dendrite`/`axon`); null becomes an empty one. */
export function parseTerminalInfo(value: unknown, path: string): TerminalInfo {
  if (value === null || value === undefined) return terminalInfo();
  if (typeof value !== 'object' || Array.isArray(value)) bad(path, 'an object', value);
  const src = value as Record<string, unknown>;
  return {
    status_code: coerceKind('int', src.status_code, path, '.status_code') as number | null,
    status_message: coerceKind('str', src.status_message, path, '.status_message') as string | null,
    process_time: coerceKind('float', src.process_time, path, '.process_time') as number | null,
    ip: coerceKind('str', src.ip, path, '.ip') as string | null,
    port: coerceKind('int', src.port, path, '.port') as number | null,
    version: coerceKind('int', src.version, path, '.version') as number | null,
    nonce: coerceKind('bigint', src.nonce, path, '.nonce') as bigint | null,
    uuid: coerceKind('str', src.uuid, path, '.uuid') as string | null,
    hotkey: coerceKind('str', src.hotkey, path, '.hotkey') as string | null,
    signature: coerceKind('str', src.signature, path, '.signature') as string | null,
  };
}

/** Parses one `bt_header_{axon,dendrite}_<field>` value with Python int()/float() rules. */
export function parseTerminalHeader(field: TerminalField, value: string, header: string): unknown {
  const kind = KIND.get(field)!;
  if (kind === 'str') return value;
  if (kind === 'float') return parsePyFloat(value, header);
  if (kind === 'bigint') return parsePyInt(value, header);
  return parsePySafeInt(value, header);
}

export function isTerminalField(name: string): name is TerminalField {
  return KIND.has(name);
}
