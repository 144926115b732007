/**
 * One streaming request to one axon (Python's `call_stream`): the decoded chunks as they arrive, folded into the
 * local synapse by the framing, then the completed synapse. A non-streamed answer (JSON or msgpack, e.g. an error)
 * is merged as a unary one. Failures become a status on the synapse (synapse-failure.ts).
 */
import { performance } from 'node:perf_hooks';
import type { FieldShape, Synapse, SynapseDefinition } from '@subnetkit/synapse';
import type { ResolvedTarget } from './axon-target.js';
import type { CallSite } from './call-site.js';
import { unavailableFailure } from './failure.js';
import type { StreamFraming } from './framing.js';
import type { CallOptions } from './options.js';
import {
  decodeBody,
  headerValue,
  mediaType,
  mergeHeaders,
  mergeResponse,
  type ResponseHeaders,
  terminalHeaderList,
} from './response.js';
import { readBody, StreamExchange } from './stream-exchange.js';
import { recordFailure } from './synapse-failure.js';

/** Yields the stream's items; `local` holds the completed synapse when the generator ends. */
export async function* streamCall<S extends FieldShape, C>(
  site: CallSite,
  def: SynapseDefinition<S, unknown>,
  local: Synapse<S>,
  target: ResolvedTarget,
  framing: StreamFraming<C, S>,
  timeout: number,
  options: CallOptions | undefined,
): AsyncGenerator<C, void, undefined> {
  const t0 = performance.now();
  let exchange: StreamExchange | undefined;
  const wait = site.slots.acquire();
  if (wait) await wait;
  try {
    try {
      if (target.notServing) throw unavailableFailure(target, def.name);
      const signer = site.signing.signer ?? (await site.signing.load());
      const back = site.reuse.wait(target.origin); // see origin-reuse.ts
      if (back) await back;
      const ctx = site.context(signer, timeout, options, undefined);
      const prepared = await site.signing.prepare(def, local, target, ctx, true);
      options?.signal?.throwIfAborted();
      exchange = new StreamExchange(timeout, options?.signal);
      const response = await exchange.send(site.agent, {
        origin: target.origin,
        path: prepared.path,
        headers: prepared.headers,
        body: prepared.body,
      });
      const headers = response.headers as ResponseHeaders;
      const type = mediaType(headers);
      if (response.statusCode === 200 && type !== 'application/json' && type !== 'application/msgpack') {
        for await (const chunk of response.body) {
          for (const item of framing.decode(chunk as Uint8Array)) {
            framing.collect?.(local, item);
            yield item;
          }
        }
        exchange.complete = true;
        site.reuse.completed(target.origin);
        for (const item of framing.flush?.() ?? []) {
          framing.collect?.(local, item);
          yield item;
        }
        mergeHeaders(local, terminalHeaderList(headers));
      } else {
        const bytes = await readBody(response.body, site.options.maxResponseBytes);
        exchange.complete = true;
        site.reuse.completed(target.origin);
        const decoded = decodeBody(headerValue(headers, 'content-type'), bytes, true);
        mergeResponse(def, local, response.statusCode, terminalHeaderList(headers), decoded);
      }
      local.dendrite.process_time = (performance.now() - t0) / 1000;
    } catch (err) {
      recordFailure(local, err, {
        timedOut: exchange?.timedOut ?? false,
        timeout,
        target,
        name: def.name,
        signal: options?.signal,
      });
    }
  } finally {
    exchange?.finish();
    site.slots.release();
  }
}
