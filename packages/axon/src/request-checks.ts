/**
 * The checks both signature schemes run on a verified request: the user's verify hook, the blacklist hook, the
 * per-hotkey rate limit, and decoding the body into the synapse (400 when it is not JSON/msgpack, 422 when it does
 * not fit the definition).
 */
import {
  decodeJsonBody,
  decodeMsgpackBody,
  type FieldShape,
  type Synapse,
  type SynapseDefinition,
  SynapseError,
} from '@subnetkit/synapse';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AxonContext, Route } from './context.js';
import { RequestRejected, rejectRequest } from './errors.js';
import type { HookContext } from './options.js';
import { blacklisted, isMsgpack, notVerified } from './request-control.js';
import { clearCallerStatus } from './responses.js';

/** The request body as a synapse of `def`; the caller's status fields in its `axon` block are cleared. */
export function decodeBody(req: FastifyRequest, def: SynapseDefinition<FieldShape, unknown>): Synapse<FieldShape> {
  const raw = req.body as Buffer | undefined;
  try {
    const body = isMsgpack(req)
      ? decodeMsgpackBody(def, raw ?? new Uint8Array())
      : decodeJsonBody(def, raw && raw.length > 0 ? raw : '{}');
    // The answer's status is the axon's: a caller cannot choose it through the body's axon block.
    clearCallerStatus(body);
    return body;
  } catch (err) {
    if (err instanceof SynapseError && (err.code === 'SYNAPSE_INVALID_JSON' || err.code === 'SYNAPSE_INVALID_MSGPACK'))
      throw rejectRequest('AXON_MALFORMED_REQUEST', `Malformed request body: ${err.message}`, { cause: err });
    throw rejectRequest('AXON_INVALID_BODY', `Invalid ${def.name} body: ${(err as Error).message}`, { cause: err });
  }
}

/** The route's verify hook: anything it throws (but a RequestRejected) becomes Python's 401. */
export async function userVerify(route: Route, s: Synapse<FieldShape>, hookCtx: HookContext): Promise<void> {
  try {
    await route.hooks.verify!(s, hookCtx);
  } catch (err) {
    if (err instanceof RequestRejected) throw err;
    throw notVerified((err as Error)?.message ?? String(err));
  }
}

/** The route's blacklist hook: a refusal is Python's 403 `Forbidden. Key is blacklisted: {reason}.` */
export async function checkBlacklist(route: Route, s: Synapse<FieldShape>, hookCtx: HookContext): Promise<void> {
  if (!route.hooks.blacklist) return;
  const [no, reason] = blacklisted(await route.hooks.blacklist(s, hookCtx));
  if (no) throw rejectRequest('AXON_BLACKLISTED', `Forbidden. Key is blacklisted: ${reason}.`);
}

/** Takes a token for `hotkey`; past the limit a 429 with `retry-after`. */
export function checkRateLimit(ctx: AxonContext, hotkey: string, reply: FastifyReply): void {
  if (!ctx.rateLimiter) return;
  const wait = ctx.rateLimiter.take(hotkey);
  if (wait > 0) {
    reply.header('retry-after', String(Math.max(1, Math.ceil(wait))));
    throw rejectRequest('AXON_RATE_LIMITED', `Too many requests: rate limit for hotkey ${hotkey} exceeded`);
  }
}
