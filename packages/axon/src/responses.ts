/**
 * Building answers as spec §2.4 says: success = the full synapse (JSON, or msgpack when asked) + its `to_headers()`;
 * error = `{"message": …}` + the header synapse's `to_headers()` (or a bare `Synapse`'s when the request never got that
 * far), always `content-type: application/json`.
 */
import {
  BaseSynapse,
  type FieldShape,
  type HeaderList,
  type Synapse,
  type SynapseDefinition,
  toHeaders,
} from '@subnetkit/synapse';

// Node refuses header values with control or non-Latin-1 characters; values echo client data, so clean them.
const SAFE = /^[\t\x20-\x7e]*$/;
const MAX_HEADER_VALUE = 4096; // aiohttp refuses header fields over 8190 bytes

function safeValue(v: string): string {
  if (v.length <= MAX_HEADER_VALUE && SAFE.test(v)) return v;
  return v.replace(/[^\t\x20-\x7e]/g, '?').slice(0, MAX_HEADER_VALUE);
}

/** A header list as the record fastify's `reply.headers()` takes, values made safe to send. */
export function headerRecord(list: HeaderList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of list) out[k] = safeValue(v);
  return out;
}

/** Headers of an error answer for a request that has no header synapse (unknown route, unparsable headers). */
export function bareErrorHeaders(status: number, message: string, processTime: number): Record<string, string> {
  const s = BaseSynapse.create({
    axon: { status_code: status, status_message: message, process_time: processTime },
  });
  return headerRecord(toHeaders(BaseSynapse, s));
}

/** Headers of an error answer carrying the header synapse (its axon block already filled in). */
export function synapseErrorHeaders<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  headerSynapse: Synapse<S>,
): Record<string, string> {
  return headerRecord(toHeaders(def, headerSynapse));
}

/** The `{"message": …}` error body (a Buffer: fastify would append a charset to a string's content type). */
export function errorBody(message: string): Buffer {
  return Buffer.from(JSON.stringify({ message }), 'utf8');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * The synapse to send back: the forward's result on top of the request's body synapse, except that frozen fields
 * keep the request's values (snapshotted before the forward ran), `name`, `timeout`, `computed_body_hash` and the
 * `dendrite` block stay the request's, and only the status code and message of the `axon` block come from the forward.
 */
export function mergeResult<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  request: Synapse<S>,
  result: Synapse<S>,
  frozen: Record<string, unknown> | undefined,
): Synapse<S> {
  const out = result === request ? request : ({ ...request } as Synapse<S>);
  const rec = out as unknown as Record<string, unknown>;
  if (result !== request) {
    const src = result as unknown as Record<string, unknown>;
    for (const f of def.fieldNames) if (f in src) rec[f] = src[f];
    if (isObject(result.axon)) {
      out.axon = {
        ...request.axon,
        status_code: result.axon.status_code ?? request.axon.status_code,
        status_message: result.axon.status_message ?? request.axon.status_message,
      };
    }
  }
  if (frozen) for (const f of Object.keys(frozen)) rec[f] = frozen[f];
  return out;
}

/** Values of the frozen fields before the forward ran (deep copies, so in-place mutation cannot leak through). */
export function snapshotFrozen<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  synapse: Synapse<S>,
): Record<string, unknown> | undefined {
  if (def.frozenFields.length === 0) return undefined;
  const rec = synapse as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of def.frozenFields) out[f] = structuredClone(rec[f]);
  return out;
}

/**
 * The hashed fields' values when all are primitives (compared by identity after the forward to reuse the verified body
 * hash instead of hashing again), or undefined.
 */
export function hashedPrimitives<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  synapse: Synapse<S>,
): unknown[] | undefined {
  const rec = synapse as unknown as Record<string, unknown>;
  const out: unknown[] = [];
  for (const f of def.hashFields) {
    const v = rec[f];
    if (typeof v === 'object' && v !== null) return undefined;
    out.push(v);
  }
  return out;
}

/** True when `synapse`'s hashed fields still hold `before`'s values. */
export function sameHashed<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  synapse: Synapse<S>,
  before: unknown[] | undefined,
): boolean {
  if (!before) return false;
  const rec = synapse as unknown as Record<string, unknown>;
  return def.hashFields.every((f, i) => Object.is(rec[f], before[i]));
}

/**
 * Clears the status fields of a request body's `axon` block: they are the axon's to set, so whatever a caller sent
 * there is ignored (honest dendrites, Python's included, send null). The other fields (the axon's address and hotkey
 * as the caller knows them) are echoed back, as Python does.
 */
export function clearCallerStatus<S extends FieldShape>(body: Synapse<S>): void {
  if (!body.axon) return;
  body.axon.status_code = null;
  body.axon.status_message = null;
  body.axon.process_time = null;
}
