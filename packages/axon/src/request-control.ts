/**
 * Small per-request pieces of the axon pipeline: cancellation, the peer's address, and how hook verdicts read.
 */
import { MSGPACK_CONTENT_TYPE } from '@subnetkit/synapse';
import type { FastifyRequest } from 'fastify';
import { type RequestRejected, rejectRequest } from './errors.js';
import type { BlacklistVerdict } from './options.js';

/**
 * One request's cancellation: the AbortSignal the forward sees, plus a direct hook for the pipeline's own wait (Node's
 * EventTarget listeners are slow enough to show on the hot path, so the pipeline does not listen on the signal).
 */
export class RequestControl {
  readonly #ac = new AbortController();
  #onAbort: ((reason: unknown) => void) | undefined;

  get signal(): AbortSignal {
    return this.#ac.signal;
  }

  abort(reason: unknown): void {
    if (this.#ac.signal.aborted) return;
    this.#ac.abort(reason);
    this.#onAbort?.(reason);
  }

  /** `p`, or a rejection with the abort reason if the request is aborted first. */
  race<T>(p: T | Promise<T>): Promise<T> {
    if (this.#ac.signal.aborted) return Promise.reject(this.#ac.signal.reason);
    return new Promise<T>((resolve, reject) => {
      this.#onAbort = reject;
      Promise.resolve(p).then(resolve, reject);
    });
  }
}

/** Python's 401 (`AXON_NOT_VERIFIED`) with its message prefix. */
export function notVerified(reason: string): RequestRejected {
  return rejectRequest('AXON_NOT_VERIFIED', `Not Verified with error: ${reason}`);
}

/** The client's IP, IPv4-mapped IPv6 addresses written as IPv4. */
export function peerIp(req: FastifyRequest): string {
  const a = req.socket.remoteAddress ?? '';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

export function isAsyncIterable(v: unknown): v is AsyncIterable<string | Uint8Array> {
  return (
    typeof v === 'object' && v !== null && typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
  );
}

/** A blacklist hook's verdict as `[refused, reason]` (a bare boolean has no reason). */
export function blacklisted(v: BlacklistVerdict): [boolean, string] {
  if (typeof v === 'boolean') return [v, ''];
  return [Boolean(v[0]), String(v[1] ?? '')];
}

export function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Whether the request's media type is msgpack (`Content-Type` is case-insensitive and may carry parameters). */
export function isMsgpack(req: FastifyRequest): boolean {
  const type = req.headers['content-type'];
  if (!type) return false;
  return (type.split(';')[0] ?? '').trim().toLowerCase() === MSGPACK_CONTENT_TYPE;
}
