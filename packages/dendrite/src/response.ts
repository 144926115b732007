/**
 * Merging an axon's answer into the local synapse, as Python's `process_server_response` does (spec §2.5):
 * - 200: the body is parsed into the synapse class and every field is copied onto the local synapse except frozen
 *   ones (`computed_body_hash` and fields declared `.frozen()`), which stay as sent;
 * - any other status: `axon.status_code` = the HTTP status, `axon.status_message` = the body's `message`;
 * - then non-null `bt_header_axon_*` / `bt_header_dendrite_*` response headers overwrite the local blocks (headers
 *   win over the body), and `dendrite.status_code/status_message` are copied from `axon`.
 * Anything that cannot be parsed throws; the caller reports it as 422 like Python.
 */
import {
  decodeMsgpackBody,
  type FieldShape,
  MSGPACK_CONTENT_TYPE,
  parseJson,
  parsePyFloat,
  parsePyInt,
  type Synapse,
  type SynapseDefinition,
  TERMINAL_INFO_FIELDS,
} from '@subnetkit/synapse';
import { Unpackr } from 'msgpackr';
import { DendriteError } from './errors.js';

export type ResponseHeaders = Record<string, string | string[] | undefined>;
/** The `bt_header_axon_*` / `bt_header_dendrite_*` headers as a flat `[name, value, …]` list, names lowercased. */
export type TerminalHeaderList = string[];

const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'bigint' });

/** A header's value; a repeated header counts with its last value. */
export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

function parseFailure(message: string, cause?: unknown): DendriteError {
  return new DendriteError('DENDRITE_PARSE', message, { cause });
}

/** The media type of a content-type value, without parameters, lowercased. */
export function mediaTypeOf(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** The media type of a response (its last content-type header). */
export function mediaType(headers: ResponseHeaders): string {
  return mediaTypeOf(headerValue(headers, 'content-type'));
}

/** The terminal-info headers of a header record (a repeated header counts with its last value). */
export function terminalHeaderList(headers: ResponseHeaders): TerminalHeaderList {
  const out: TerminalHeaderList = [];
  for (const k of Object.keys(headers)) {
    const name = k.toLowerCase();
    if (!name.startsWith('bt_header_axon_') && !name.startsWith('bt_header_dendrite_')) continue;
    const v = headerValue(headers, k);
    if (v !== undefined) out.push(name, v);
  }
  return out;
}

function isJsonType(t: string): boolean {
  return t === 'application/json' || (t.startsWith('application/') && t.endsWith('+json'));
}

/**
 * Decodes a response body. JSON needs a JSON content type, as aiohttp's `response.json()` does (a Python axon always
 * sends one, even for errors); msgpack is accepted when the request asked for it.
 */
export function decodeBody(contentType: string | undefined, bytes: Uint8Array, allowMsgpack: boolean): unknown {
  const type = mediaTypeOf(contentType);
  if (isJsonType(type)) {
    try {
      return parseJson(bytes);
    } catch (err) {
      throw parseFailure(`response body is not valid JSON: ${(err as Error).message}`, err);
    }
  }
  if (allowMsgpack && type === MSGPACK_CONTENT_TYPE) {
    try {
      return { [MSGPACK_RAW]: bytes, value: unpackr.unpack(bytes) };
    } catch (err) {
      throw parseFailure(`response body is not valid msgpack: ${(err as Error).message}`, err);
    }
  }
  throw parseFailure(`unexpected content-type ${JSON.stringify(type || '(none)')}; expected application/json`);
}

const MSGPACK_RAW = Symbol('msgpack bytes');

interface MsgpackDecoded {
  [MSGPACK_RAW]: Uint8Array;
  value: unknown;
}

function isMsgpack(v: unknown): v is MsgpackDecoded {
  return typeof v === 'object' && v !== null && MSGPACK_RAW in v;
}

/** The server's synapse from a 200 body (pydantic's `cls(**json)`): throws when it does not validate. */
function serverSynapse<S extends FieldShape>(def: SynapseDefinition<S, unknown>, decoded: unknown): Synapse<S> {
  try {
    if (isMsgpack(decoded)) return decodeMsgpackBody(def, decoded[MSGPACK_RAW]);
    return def.fromBody(decoded);
  } catch (err) {
    throw parseFailure(`response body is not a valid ${def.name}: ${(err as Error).message}`, err);
  }
}

const TERMINAL_KIND = new Map<string, string>(TERMINAL_INFO_FIELDS);
const PLAIN_INT = /^[0-9]{1,15}$/;
const PLAIN_DECIMAL = /^-?[0-9]{1,15}(?:\.[0-9]{1,17})?$/;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * One terminal-info header value with Python int()/float() rules, as `fromHeaders` parses it. The values axons
 * send are nearly always plain digits; those skip the general parsers (same result: Number() of a short decimal
 * literal is the correctly rounded double, as Python's float()).
 */
function terminalValue(kind: string, value: string, header: string): unknown {
  if (kind === 'str') return value;
  if (kind === 'float') return PLAIN_DECIMAL.test(value) ? Number(value) : parsePyFloat(value, header);
  if (kind === 'int' && PLAIN_INT.test(value)) return Number(value);
  const b = parsePyInt(value, header);
  if (kind === 'bigint') return b;
  if (b > SAFE || b < -SAFE) throw new Error(`${header}: ${value.trim()} is too large`);
  return Number(b);
}

/** Copies the server's fields onto the local synapse, keeping frozen fields (the 200 path). */
export function copyServerFields<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  local: Synapse<S>,
  server: Synapse<S>,
): void {
  const l = local as unknown as Record<string, unknown>;
  const r = server as unknown as Record<string, unknown>;
  l.name = r.name;
  l.timeout = r.timeout;
  l.total_size = r.total_size;
  l.header_size = r.header_size;
  l.dendrite = r.dendrite;
  l.axon = r.axon;
  // computed_body_hash is frozen in Python: never copied.
  const frozen = def.frozenFields as readonly string[];
  for (const f of def.fieldNames) {
    if (!frozen.includes(f)) l[f] = r[f];
  }
}

/** Overlays the response's bt_header_* values and copies the status to `dendrite` (steps 4–5 of §2.5). */
export function mergeHeaders<S extends FieldShape>(local: Synapse<S>, headers: TerminalHeaderList): void {
  // Each value is parsed straight onto the local block (unknown fields are ignored, as pydantic ignores extra
  // fields). All are parsed before any is applied: a bad one changes nothing.
  const updates: unknown[] = [];
  try {
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const k = headers[i]!;
      const isAxon = k.startsWith('bt_header_axon_');
      if (!isAxon && !k.startsWith('bt_header_dendrite_')) continue;
      const field = k.slice(isAxon ? 15 : 19);
      const kind = TERMINAL_KIND.get(field);
      if (kind === undefined) continue;
      updates.push(isAxon ? local.axon : local.dendrite, field, terminalValue(kind, headers[i + 1]!, k));
    }
  } catch (err) {
    throw parseFailure(`response headers do not parse: ${(err as Error).message}`, err);
  }
  for (let i = 0; i < updates.length; i += 3)
    (updates[i] as Record<string, unknown>)[updates[i + 1] as string] = updates[i + 2];
  local.dendrite.status_code = local.axon.status_code;
  local.dendrite.status_message = local.axon.status_message;
}

/** The whole merge for a non-streaming response. `decoded` comes from `decodeBody`. */
export function mergeResponse<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  local: Synapse<S>,
  status: number,
  headers: TerminalHeaderList,
  decoded: unknown,
): void {
  if (status === 200) {
    copyServerFields(def, local, serverSynapse(def, decoded));
  } else {
    const value = isMsgpack(decoded) ? decoded.value : decoded;
    // Python calls json.get("message"): a body that is not an object fails to parse.
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw parseFailure(`error response body is not a JSON object (status ${status})`);
    const message = (value as Record<string, unknown>).message;
    local.axon.status_code = status;
    local.axon.status_message = message === undefined || message === null ? null : String(message);
  }
  mergeHeaders(local, headers);
}
