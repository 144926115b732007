/**
 * Resyncs a metagraph when `everyBlocks` blocks have passed since the last sync. Syncs never overlap: a head that
 * arrives while one is running is skipped (the next head catches up). Failures are reported and retried at the
 * next head; the last good state stays in place meanwhile.
 */
import type { ChainClient } from '@subnetkit/chain';
import type { Metagraph } from '@subnetkit/metagraph';

export class BlockCadence {
  readonly everyBlocks: number;
  readonly #metagraph: Metagraph;
  #running: Promise<boolean> | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(metagraph: Metagraph, everyBlocks: number) {
    if (!Number.isInteger(everyBlocks) || everyBlocks < 1) {
      throw new RangeError(`syncEveryBlocks must be an integer ≥ 1, got ${everyBlocks}`);
    }
    this.#metagraph = metagraph;
    this.everyBlocks = everyBlocks;
  }

  /** True when a metagraph last synced at its `block` is due at `block`. */
  due(block: number): boolean {
    return this.#metagraph.block === 0 || block - this.#metagraph.block >= this.everyBlocks;
  }

  /** Syncs if due at `block`; resolves true when it synced. */
  maybeSync(block: number, onSynced?: () => void | Promise<void>): Promise<boolean> {
    if (this.#running || !this.due(block)) return this.#running ?? Promise.resolve(false);
    this.#running = (async () => {
      try {
        await this.#metagraph.sync({ lite: true });
        await onSynced?.();
        return true;
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  /** Checks at every new head; `onError` gets failed syncs (the next head tries again). */
  follow(
    client: ChainClient,
    handlers: { onSynced?: () => void | Promise<void>; onError: (err: unknown) => void },
  ): void {
    this.#unsubscribe ??= client.subscribeNewHeads((head) => {
      this.maybeSync(head.number, handlers.onSynced).catch(handlers.onError);
    });
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** @deprecated Use `close()` (one name for ending a resource); kept for existing code. */
  stop(): Promise<void> {
    return this.close();
  }

  /** Stops following heads and waits for a sync in flight. */
  async close(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    await this.#running?.catch(() => false);
  }
}
