/**
 * Keeps back-to-back calls to one axon on its idle keep-alive connection. With `pipelining: 1`, undici hands a
 * connection back to its pool one event-loop turn after the answer completes (a `setImmediate`, so that a server
 * closing the socket despite keep-alive is seen first). A request dispatched before that turn finds no free
 * connection and the pool opens another one: a validator forwarding round after round ended up with two sockets
 * per axon (and a loop of `call`s to one axon likewise). So a request to an origin that completed an exchange in
 * this turn waits one `setImmediate`, queued after undici's, and then finds the connection free again.
 */

/** Resolves on the next check phase (after the immediates already queued, undici's among them). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class OriginReuse {
  /** Origins with a connection about to be handed back: exchanges completed this turn, per origin. */
  readonly #returning = new Map<string, number>();
  readonly #release = (origin: string): void => {
    const n = this.#returning.get(origin)! - 1;
    if (n === 0) this.#returning.delete(origin);
    else this.#returning.set(origin, n);
  };

  /**
   * Called from an exchange's completion (inside undici's callback). The count is released by an immediate queued
   * from a microtask, i.e. after undici's own immediate that hands the connection back (queued when the callback
   * returns), so the origin counts as "returning" until its connection is free.
   */
  completed(origin: string): void {
    this.#returning.set(origin, (this.#returning.get(origin) ?? 0) + 1);
    queueMicrotask(() => setImmediate(this.#release, origin));
  }

  /** A promise to await before dispatching to `origin` when one of its connections is being handed back, else undefined. */
  wait(origin: string): Promise<void> | undefined {
    return this.#returning.has(origin) ? nextTurn() : undefined;
  }
}
