/**
 * Running the forward of an admitted request: the priority hook, a slot from the scheduler (bounded queue), the
 * synapse timeout (408 `Response timeout after: {t}s`, the forward's signal aborted), then the answer: the merged
 * synapse, or a stream when the forward returns an async iterable.
 */
import type { FieldShape, Synapse } from '@subnetkit/synapse';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ticket } from './admission.js';
import type { AxonContext, Route } from './context.js';
import { rejectRequest } from './errors.js';
import type { ForwardContext, HookContext } from './options.js';
import { sendStream, sendSynapse } from './replies.js';
import { isAsyncIterable, type RequestControl } from './request-control.js';
import { hashedPrimitives, mergeResult, sameHashed, snapshotFrozen } from './responses.js';

/** The synapse timeout in seconds: the request's (the wire's unit), capped; the default when it has none. */
export function timeoutSeconds(ctx: AxonContext, s: Synapse<FieldShape>): number {
  const max = ctx.options.maxTimeoutMs / 1000;
  const t = s.timeout;
  if (t === null || !Number.isFinite(t) || t <= 0) return Math.min(ctx.options.defaultTimeoutMs / 1000, max);
  return Math.min(t, max);
}

/**
 * `hs` is the synapse the request was verified with (the header synapse, or the body for Epistula), `body` the one
 * the forward receives; `ticket`, its pass through the capacity gate, is given back once it holds a queue place.
 */
export async function runForward(
  ctx: AxonContext,
  req: FastifyRequest,
  reply: FastifyReply,
  route: Route,
  hs: Synapse<FieldShape>,
  body: Synapse<FieldShape>,
  hookCtx: HookContext,
  ac: RequestControl,
  t0: number,
  ticket: Ticket,
): Promise<void> {
  const def = route.def;
  const timeout = timeoutSeconds(ctx, hs);
  const timeoutMessage = `Response timeout after: ${timeout}s`;
  const deadline = t0 + timeout * 1000;
  let priority = 0;
  if (route.hooks.priority) {
    const p = Number(await route.hooks.priority(hs, hookCtx));
    priority = Number.isFinite(p) ? p : 0;
  }
  // acquire() takes its running or queue place synchronously, so the gate's count and the scheduler's never overlap.
  const waiting = ctx.scheduler.acquire(priority, deadline - performance.now(), ac.signal, timeoutMessage);
  ticket.release();
  const release = await waiting;
  let streaming = false;
  const timer = setTimeout(
    () => ac.abort(rejectRequest('AXON_FORWARD_TIMEOUT', timeoutMessage)),
    Math.max(0, deadline - performance.now()),
  );
  try {
    const forwardCtx: ForwardContext = { ...hookCtx, signal: ac.signal, deadline };
    const frozen = snapshotFrozen(def, body);
    const hashed = hs === body ? undefined : hashedPrimitives(def, body);
    const result = await ac.race(route.forward(body, forwardCtx));
    if (isAsyncIterable(result)) {
      streaming = true;
      sendStream(reply, def, body, result, ac, t0, () => {
        clearTimeout(timer);
        release();
      });
      return;
    }
    const out = mergeResult(def, body, (result as Synapse<FieldShape> | undefined) ?? body, frozen);
    // Unchanged hashed fields: the body hash is the one just verified against the header.
    const known = sameHashed(def, out, hashed) ? (hs.computed_body_hash ?? undefined) : undefined;
    sendSynapse(req, reply, def, out, t0, known);
  } finally {
    if (!streaming) {
      clearTimeout(timer);
      release();
    }
  }
}
