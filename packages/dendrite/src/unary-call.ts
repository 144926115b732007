/**
 * One non-streaming request to one axon, from slot to merged answer: the request is filled, signed (here or on the
 * pool, see request-signing.ts) and sent at once; the answer is merged into the local synapse as Python merges it,
 * and a failure becomes a status on it (synapse-failure.ts).
 */
import { performance } from 'node:perf_hooks';
import type { FieldShape, Synapse, SynapseDefinition } from '@subnetkit/synapse';
import type { ResolvedTarget } from './axon-target.js';
import type { CallSite } from './call-site.js';
import { unavailableFailure } from './failure.js';
import type { CallOptions } from './options.js';
import { decodeBody, mergeResponse } from './response.js';
import type { ForwardSplit } from './sign-split.js';
import { recordFailure } from './synapse-failure.js';
import { UnaryExchange } from './unary-exchange.js';

export interface UnaryCall {
  /** Seconds. */
  timeout: number;
  options: CallOptions | undefined;
  /** The body hash when the caller computed it (the same for every copy of a forward). */
  hash: string | undefined;
  /** Signed on this thread (else on the pool). */
  signHere: boolean;
  /** The forward's split between this thread and the pool, when there is one. */
  split: ForwardSplit | undefined;
}

export async function unaryCall<S extends FieldShape>(
  site: CallSite,
  def: SynapseDefinition<S, unknown>,
  local: Synapse<S>,
  target: ResolvedTarget,
  call: UnaryCall,
): Promise<Synapse<S>> {
  const { timeout, options, split, signHere } = call;
  const t0 = performance.now();
  let exchange: UnaryExchange | undefined;
  const wait = site.slots.acquire();
  if (wait) await wait;
  try {
    if (target.notServing) throw unavailableFailure(target, def.name);
    const signer = site.signing.signer ?? (await site.signing.load());
    // The axon's connection may be on its way back to the pool (origin-reuse.ts): wait for it, not for a new one.
    const back = site.reuse.wait(target.origin);
    if (back) await back;
    const ctx = site.context(signer, timeout, options, call.hash);
    if (signHere && split) await split.gate;
    // Signed here, `prepare` returns the request itself: no await between the signature and the send.
    const pending = site.signing.prepare(def, local, target, ctx, signHere);
    let prepared: Awaited<typeof pending>;
    if (pending instanceof Promise) {
      prepared = await pending;
      const later = site.reuse.wait(target.origin); // an exchange with this axon completed while the pool signed
      if (later) await later;
    } else prepared = pending;
    if (split && !signHere) split.signedOnPool();
    options?.signal?.throwIfAborted();
    exchange = new UnaryExchange(
      site.agent,
      { origin: target.origin, path: prepared.path, headers: prepared.headers, body: prepared.body },
      site.options.maxResponseBytes,
      timeout,
      options?.signal,
      site.reuse,
    );
    if (split && signHere) split.signedHere();
    const response = await exchange.done;
    const decoded = decodeBody(response.contentType, response.body, ctx.bodyFormat === 'msgpack');
    mergeResponse(def, local, response.statusCode, response.terminal, decoded);
    local.dendrite.process_time = (performance.now() - t0) / 1000;
  } catch (err) {
    recordFailure(local, err, {
      timedOut: exchange?.timedOut ?? false,
      timeout,
      target,
      name: def.name,
      signal: options?.signal,
    });
  } finally {
    site.slots.release();
  }
  return local;
}
