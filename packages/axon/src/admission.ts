/**
 * The capacity gate in front of the expensive part of a request (nonce store, sr25519 verification, hooks, body
 * parsing): a request passes only when the scheduler can still take it, counting the requests already past the gate
 * and not yet queued, and fewer than `maxAdmitting` are past it. Otherwise it is answered 503 at once, before any of
 * that work, so an overloaded axon says "busy" in milliseconds and its CPU goes to requests it can serve.
 *
 * A route with a priority hook keeps `PRIORITY_SPARE` places beyond the free ones: a caller whose (verified) priority
 * outranks the lowest waiter can still take its place, as the scheduler promises; without a hook nobody can, and
 * verifying a request that would be shed anyway would only burn CPU.
 */
import { type RequestRejected, rejectRequest } from './errors.js';
import type { Scheduler } from './scheduler.js';

const PRIORITY_SPARE = 2;

/** A pass through the gate; `release()` (idempotent) when the request reaches the queue or is answered. */
export interface Ticket {
  release(): void;
}

export class AdmissionGate {
  readonly maxAdmitting: number;
  readonly #scheduler: Scheduler;
  #admitting = 0;

  constructor(scheduler: Scheduler, maxAdmitting: number) {
    this.#scheduler = scheduler;
    this.maxAdmitting = maxAdmitting;
  }

  /** Requests past the gate and not yet queued (being verified, in hooks, or having their body parsed). */
  get admitting(): number {
    return this.#admitting;
  }

  /** A ticket, or the 503 `RequestRejected` to answer with when the axon cannot admit one more request. */
  enter(hasPriority: boolean): Ticket | RequestRejected {
    const s = this.#scheduler;
    if (this.#admitting >= this.maxAdmitting)
      return rejectRequest(
        'AXON_UNAVAILABLE',
        `Service unavailable: ${this.#admitting} requests are already being verified`,
      );
    const free = Math.max(0, s.maxConcurrency - s.inFlight) + Math.max(0, s.maxQueue - s.queued);
    if (this.#admitting >= free + (hasPriority ? PRIORITY_SPARE : 0))
      return rejectRequest('AXON_UNAVAILABLE', 'Service unavailable: the request queue is full');
    this.#admitting++;
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.#admitting--;
      },
    };
  }
}
