/** A counting semaphore with a bounded wait queue (no unbounded growth when callers outrun the limit). */
import { DendriteError } from './errors.js';

export class Semaphore {
  #active = 0;
  readonly #waiters: (() => void)[] = [];
  #head = 0;

  constructor(
    readonly limit: number,
    readonly maxQueued: number,
  ) {}

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#waiters.length - this.#head;
  }

  acquire(): Promise<void> | undefined {
    if (this.#active < this.limit) {
      this.#active++;
      return undefined;
    }
    if (this.queued >= this.maxQueued)
      throw new DendriteError(
        'DENDRITE_OVERLOADED',
        `dendrite has ${this.#active} requests in flight and ${this.queued} waiting (maxQueued ${this.maxQueued})`,
      );
    return new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  release(): void {
    if (this.#head < this.#waiters.length) {
      const next = this.#waiters[this.#head]!;
      this.#waiters[this.#head++] = undefined as unknown as () => void;
      if (this.#head > 1024 && this.#head * 2 > this.#waiters.length) {
        this.#waiters.splice(0, this.#head);
        this.#head = 0;
      }
      next(); // the slot passes to the next waiter
    } else {
      this.#active--;
    }
  }
}
