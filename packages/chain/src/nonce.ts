/**
 * Per-signer nonce tracking. polkadot-js's automatic nonce (`accountNextIndex` at signing time) gave `1010 stale`
 * right after a failed transaction on the in-process chain, and it races when one key sends several transactions
 * at once. Here each address has a local counter, read from the chain at first use and after any outcome that
 * leaves it uncertain, and a lock held from nonce choice until the pool accepted or refused the transaction, so
 * concurrent submissions from one key are pipelined without gaps or duplicates.
 */
export type NonceOutcome =
  /** The pool accepted the transaction: the nonce is taken. */
  | 'used'
  /** The pool refused it and it cannot land: the same nonce is free for the next one. */
  | 'unused'
  /** Unknown (timeout, dropped, stale): re-read from the chain next time. */
  | 'unknown';

export interface NonceLease {
  readonly nonce: bigint;
  /** Ends the lease (only the first call counts). */
  release(outcome: NonceOutcome): void;
  /**
   * Later news that the transaction will not land after all (dropped or invalid after the pool took it): the next
   * acquire re-reads the nonce from the chain, whatever leases were released in between.
   */
  forget(): void;
}

interface Entry {
  next: bigint | undefined;
  tail: Promise<void>;
  busy: number;
  /** Bumped by forget(): releases of leases taken before it no longer set the counter. */
  generation: number;
}

export class NonceTracker {
  readonly #fetch: (address: string) => Promise<bigint>;
  readonly #max: number;
  // Insertion order doubles as LRU order: an entry is re-inserted on each use.
  readonly #entries = new Map<string, Entry>();

  constructor(fetchNext: (address: string) => Promise<bigint>, maxAccounts = 1024) {
    this.#fetch = fetchNext;
    this.#max = maxAccounts;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The locally known next nonce, if any (for diagnostics and tests). */
  peek(address: string): bigint | undefined {
    return this.#entries.get(address)?.next;
  }

  /** Forget everything (after the client switched to a different chain). */
  reset(): void {
    for (const e of this.#entries.values()) e.next = undefined;
  }

  /** Waits for this address's turn, then returns a nonce that must be released exactly once. */
  async acquire(address: string): Promise<NonceLease> {
    const entry = this.#touch(address);
    let unlock!: () => void;
    const previous = entry.tail;
    entry.tail = new Promise<void>((r) => {
      unlock = r;
    });
    entry.busy++;
    await previous;
    try {
      if (entry.next === undefined) entry.next = await this.#fetch(address);
    } catch (err) {
      entry.busy--;
      unlock();
      throw err;
    }
    const nonce = entry.next;
    const generation = entry.generation;
    let released = false;
    return {
      nonce,
      release: (outcome) => {
        if (released) return;
        released = true;
        if (generation === entry.generation) {
          if (outcome === 'used') entry.next = nonce + 1n;
          else if (outcome === 'unknown') entry.next = undefined;
        }
        entry.busy--;
        unlock();
      },
      forget: () => {
        entry.generation++;
        entry.next = undefined;
      },
    };
  }

  #touch(address: string): Entry {
    let entry = this.#entries.get(address);
    if (entry) {
      this.#entries.delete(address);
    } else {
      entry = { next: undefined, tail: Promise.resolve(), busy: 0, generation: 0 };
    }
    this.#entries.set(address, entry);
    if (this.#entries.size > this.#max) {
      for (const [key, e] of this.#entries) {
        if (this.#entries.size <= this.#max) break;
        if (e.busy === 0 && key !== address) this.#entries.delete(key);
      }
    }
    return entry;
  }
}
