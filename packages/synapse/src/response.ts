/**
 * How a dendrite folds an axon's response into its local synapse (spec §2.5, Python `process_server_response`), as a
 * pure function: on 200 every non-frozen field takes the server's value; otherwise only the status and message are
 * taken from the body; then non-null `bt_header_{axon,dendrite}_*` values overwrite the terminal info, and the
 * dendrite's status mirrors the axon's.
 */
import { BaseSynapse, type Synapse, type SynapseDefinition } from './define.js';
import { SynapseError } from './errors.js';
import type { FieldShape } from './fields.js';
import { fromHeaders, type HeaderInput } from './headers.js';
import { TERMINAL_INFO_FIELDS, type TerminalInfo } from './terminal-info.js';

export interface AxonResponse {
  /** HTTP status. */
  status: number;
  headers: HeaderInput;
  /** The parsed JSON body (use `parseJson` for lossless nonces), or null when there was none. */
  body: unknown;
}

const BASE_MERGED = ['name', 'timeout', 'total_size', 'header_size', 'dendrite', 'axon'] as const;

function overlay(target: TerminalInfo, source: TerminalInfo): void {
  const t = target as unknown as Record<string, unknown>;
  const s = source as unknown as Record<string, unknown>;
  for (const [f] of TERMINAL_INFO_FIELDS) if (s[f] !== null && s[f] !== undefined) t[f] = s[f];
}

/**
 * Merges a response into a copy of `local` and returns it. A 200 body that does not validate, or malformed terminal
 * headers, throw `SynapseError` (a Python dendrite reports those as 422 "Failed to parse response").
 */
export function mergeResponse<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  local: Synapse<S>,
  response: AxonResponse,
): Synapse<S> {
  const out = { ...local, dendrite: { ...local.dendrite }, axon: { ...local.axon } } as Synapse<S>;
  const rec = out as unknown as Record<string, unknown>;
  if (response.status === 200) {
    const server = def.fromBody(response.body) as unknown as Record<string, unknown>;
    for (const f of BASE_MERGED) rec[f] = server[f];
    rec.dendrite = { ...(server.dendrite as TerminalInfo) };
    rec.axon = { ...(server.axon as TerminalInfo) };
    for (const f of def.fieldNames) {
      if (!(def.fields[f] as { isFrozen: boolean }).isFrozen) rec[f] = server[f];
    }
  } else {
    out.axon.status_code = response.status;
    const body = response.body as Record<string, unknown> | null;
    const message = body && typeof body === 'object' ? body.message : undefined;
    out.axon.status_message = typeof message === 'string' ? message : null;
  }
  let headers: Synapse;
  try {
    headers = fromHeaders(BaseSynapse, response.headers);
  } catch (err) {
    throw new SynapseError('SYNAPSE_INVALID_HEADER', `response headers: ${(err as Error).message}`, { cause: err });
  }
  overlay(out.dendrite, headers.dendrite);
  overlay(out.axon, headers.axon);
  out.dendrite.status_code = out.axon.status_code;
  out.dendrite.status_message = out.axon.status_message;
  return out;
}
