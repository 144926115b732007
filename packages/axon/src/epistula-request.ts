/**
 * The Epistula v2 scheme (`Epistula-*` headers, spec epistula.md): after the cheap header checks and the capacity gate
 * (503 when the axon cannot admit the request), the signature over the raw body is checked
 * (one synchronous sr25519 check: Epistula traffic does not use the worker pool), the request must be signed for this
 * axon and not predate its start, then the body becomes the synapse, the hooks and rate limit run, and the forward.
 * Failures are answered without a header synapse (there is none in this scheme).
 */
import { terminalInfo } from '@subnetkit/synapse';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Ticket } from './admission.js';
import type { AxonContext, Route } from './context.js';
import { answerError } from './error-answer.js';
import { RequestRejected } from './errors.js';
import type { HookContext } from './options.js';
import { checkBlacklist, checkRateLimit, decodeBody, userVerify } from './request-checks.js';
import { notVerified, peerIp, type RequestControl } from './request-control.js';
import { runForward } from './run-forward.js';

export async function handleEpistula(
  ctx: AxonContext,
  req: FastifyRequest,
  reply: FastifyReply,
  route: Route,
  ac: RequestControl,
  t0: number,
): Promise<void> {
  const def = route.def;
  let ticket: Ticket | undefined;
  try {
    if (route.hooks.epistula === false)
      throw notVerified(`Epistula requests are not accepted on /${def.name}; sign it with the bittensor headers`);
    const raw = (req.body as Buffer | undefined) ?? Buffer.alloc(0);
    const signedFor = req.headers['epistula-signed-for'];
    if (!signedFor && ctx.options.epistula.requireSignedFor)
      throw notVerified('Epistula-Signed-For is required: sign the request for this axon hotkey');
    const ts = Number(req.headers['epistula-timestamp']);
    if (Number.isFinite(ts) && ts <= ctx.startedMs()) throw notVerified('Epistula timestamp predates this axon start');
    const pass = ctx.admission.enter(route.hooks.priority !== undefined);
    if (pass instanceof RequestRejected) throw pass;
    ticket = pass;
    ctx.metrics?.signatureChecks.inc();
    const verdict = ctx.epistula().verify(req.headers as Record<string, string>, raw);
    if (!verdict.ok) throw notVerified(`Epistula ${verdict.code}: ${verdict.message}`);
    const body = decodeBody(req, def);
    body.name = def.name;
    body.dendrite = terminalInfo({
      ...body.dendrite,
      hotkey: verdict.signedBy,
      uuid: verdict.uuid,
      ip: peerIp(req),
      port: req.socket.remotePort ?? null,
    });
    const hookCtx: HookContext = {
      requestId: req.id,
      hotkey: verdict.signedBy,
      scheme: 'epistula',
      ip: peerIp(req),
      log: req.log as unknown as Logger,
    };
    if (route.hooks.verify) await userVerify(route, body, hookCtx);
    await checkBlacklist(route, body, hookCtx);
    checkRateLimit(ctx, hookCtx.hotkey, reply);
    await runForward(ctx, req, reply, route, body, body, hookCtx, ac, t0, ticket);
  } catch (err) {
    ticket?.release();
    answerError(ctx, req, reply, def, undefined, err, t0);
  }
}
