/**
 * One streaming request/response on undici's `request` API: the answer's body is a stream the caller reads as it
 * arrives. The timeout and the caller's signal are the same as a unary call's (exchange-deadline.ts); they abort
 * the request through an AbortController. `finish()` tears down a body that was not read to its end (a consumer
 * that stopped early, an error), so no socket is left held.
 */
import type { Agent, Dispatcher } from 'undici';
import { DendriteError } from './errors.js';
import { ExchangeDeadline } from './exchange-deadline.js';

export interface StreamRequest {
  origin: string;
  path: string;
  headers: string[];
  body: string | Uint8Array;
}

// One shared reason for tearing down an unfinished exchange: creating an Error per request costs a stack capture.
const FINISHED_EARLY = new DendriteError('DENDRITE_ABORTED', 'exchange finished before its body was read');

export class StreamExchange extends ExchangeDeadline {
  /** Set once the body was read to its end: nothing is left to tear down. */
  complete = false;
  readonly #controller = new AbortController();

  /** Sends the request; resolves with the response once its headers have arrived. Call once. */
  async send(agent: Agent, req: StreamRequest): Promise<Dispatcher.ResponseData> {
    try {
      return await agent.request({
        origin: req.origin,
        path: req.path,
        method: 'POST',
        headers: req.headers,
        body: req.body,
        signal: this.#controller.signal,
      });
    } catch (err) {
      this.finish();
      throw err;
    }
  }

  abort(reason: Error): void {
    if (!this.settled) this.#controller.abort(reason);
  }

  /** Ends the exchange: stops the timer, and aborts the request if its body was not read to the end. Idempotent. */
  finish(): void {
    if (!this.settle()) return;
    if (!this.complete && !this.#controller.signal.aborted) this.#controller.abort(FINISHED_EARLY);
  }
}

/** The whole body of a (non-streamed) answer, at most `limit` bytes (beyond it: a 422 PARSE failure). */
export async function readBody(body: Dispatcher.ResponseData['body'], limit: number): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw new DendriteError('DENDRITE_PARSE', `response body exceeds ${limit} bytes`);
    }
    parts.push(chunk as Buffer);
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
}
