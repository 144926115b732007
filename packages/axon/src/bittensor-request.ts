/**
 * The bittensor signature scheme (spec §2–3): the header synapse from `bt_header_*` headers (400 when unparsable),
 * the header shapes (401), the capacity gate (503 before any costly work when the axon cannot admit the request),
 * verification (signature always; the blacklist first only with `blacklistBeforeVerify`, as Python), the user's
 * verify and blacklist hooks, the rate limit, then the body, which must hash to the signed `computed_body_hash`
 * (500 on a mismatch, as Python: see `AXON_BODY_HASH_MISMATCH` in `ERROR_STATUS`), then the forward.
 */
import { bodyHash, type FieldShape, fromHeaders, type Synapse, statusOf } from '@subnetkit/synapse';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Ticket } from './admission.js';
import { type AxonContext, elapsedSeconds, type Route } from './context.js';
import { answerError } from './error-answer.js';
import { RequestRejected, rejectRequest } from './errors.js';
import type { HookContext } from './options.js';
import { sendBareError } from './replies.js';
import { checkBlacklist, checkRateLimit, decodeBody, userVerify } from './request-checks.js';
import { peerIp, type RequestControl } from './request-control.js';
import { runForward } from './run-forward.js';

/** Python's status for a request still being processed, set on the header synapse until the answer is known. */
const PROCESSING = 100;

export async function handleBittensor(
  ctx: AxonContext,
  req: FastifyRequest,
  reply: FastifyReply,
  route: Route,
  ac: RequestControl,
  t0: number,
): Promise<void> {
  const def = route.def;
  let hs: Synapse<FieldShape>;
  try {
    hs = fromHeaders(def, req.headers);
  } catch (err) {
    const message = `Malformed request headers: ${(err as Error).message}`;
    return sendBareError(reply, statusOf('AXON_MALFORMED_REQUEST'), message, elapsedSeconds(t0));
  }
  let ticket: Ticket | undefined;
  try {
    hs.name = def.name;
    hs.axon.version = ctx.version;
    hs.axon.uuid = ctx.uuid;
    hs.axon.nonce = ctx.clock();
    hs.axon.status_code = PROCESSING;
    hs.dendrite.ip = peerIp(req);
    hs.dendrite.port = req.socket.remotePort ?? null;

    const hookCtx: HookContext = {
      requestId: req.id,
      hotkey: hs.dendrite.hotkey ?? '',
      scheme: 'bittensor',
      ip: hs.dendrite.ip,
      log: req.log as unknown as Logger,
    };
    ctx.signatures.precheck(hs);
    const blacklistFirst = ctx.options.blacklistBeforeVerify;
    if (blacklistFirst) await checkBlacklist(route, hs, hookCtx);
    const pass = ctx.admission.enter(route.hooks.priority !== undefined);
    if (pass instanceof RequestRejected) throw pass;
    ticket = pass;
    await ctx.signatures.verify(hs, ctx.hotkey());
    if (route.hooks.verify) await userVerify(route, hs, hookCtx);
    if (!blacklistFirst) await checkBlacklist(route, hs, hookCtx);
    checkRateLimit(ctx, hookCtx.hotkey, reply);

    const body = decodeBody(req, def);
    const got = bodyHash(def, body);
    if (got !== hs.computed_body_hash)
      throw rejectRequest(
        'AXON_BODY_HASH_MISMATCH',
        `Hash mismatch between header body hash ${hs.computed_body_hash} and parsed body hash ${got}`,
      );
    await runForward(ctx, req, reply, route, hs, body, hookCtx, ac, t0, ticket);
  } catch (err) {
    ticket?.release();
    answerError(ctx, req, reply, def, hs, err, t0);
  }
}
