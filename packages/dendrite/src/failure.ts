/**
 * How a failed exchange becomes a status on the synapse, as Python's `process_error_message` maps exceptions
 * (spec §5.3): timeout (`DENDRITE_TIMEOUT`), connection refused/reset (`DENDRITE_UNAVAILABLE`), a closed connection
 * (`DENDRITE_DISCONNECTED`), anything else, an unparsable response first of all (`DENDRITE_PARSE`); their statuses
 * (408, 503, 503, 422) come from `ERROR_STATUS`. The `DendriteError` carries the status, the exact message and the cause.
 */
import { pyFloatRepr } from '@subnetkit/synapse';
import type { ResolvedTarget } from './axon-target.js';
import { DendriteError } from './errors.js';

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_CONNECT',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function codeOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECT_CODES.has(code) || TIMEOUT_CODES.has(code))) return code;
    e = (e as { cause?: unknown }).cause;
  }
  const top = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  return typeof top === 'string' ? top : undefined;
}

export function timeoutFailure(timeout: number, cause?: unknown): DendriteError {
  return new DendriteError('DENDRITE_TIMEOUT', `Request timeout after ${pyFloatRepr(timeout)} seconds`, { cause });
}

export function unavailableFailure(target: ResolvedTarget, name: string, cause?: unknown): DendriteError {
  return new DendriteError('DENDRITE_UNAVAILABLE', `Service unavailable at ${target.ip}:${target.port}/${name}`, {
    cause,
  });
}

/** Maps whatever an exchange threw to the DendriteError whose status and message go on the synapse. */
export function mapFailure(
  err: unknown,
  ctx: { timedOut: boolean; timeout: number; target: ResolvedTarget; name: string },
): DendriteError {
  if (ctx.timedOut) return timeoutFailure(ctx.timeout, err);
  const code = codeOf(err);
  if (code && TIMEOUT_CODES.has(code)) return timeoutFailure(ctx.timeout, err);
  if (code && CONNECT_CODES.has(code)) return unavailableFailure(ctx.target, ctx.name, err);
  if (code === 'UND_ERR_SOCKET') {
    // The axon closed the connection without (completing) an answer: aiohttp's ServerDisconnectedError.
    return new DendriteError('DENDRITE_DISCONNECTED', 'Service disconnected: Server disconnected', { cause: err });
  }
  if (err instanceof DendriteError && err.status !== undefined) {
    if (err.code === 'DENDRITE_PARSE')
      return new DendriteError('DENDRITE_PARSE', `Failed to parse response: ${err.message}`, {
        cause: err.cause ?? err,
      });
    return err;
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new DendriteError('DENDRITE_PARSE', `Failed to parse response: ${detail}`, { cause: err });
}
