/**
 * A validator's moving average of rewards per uid: `score ← alpha·reward + (1 − alpha)·score` for the uids queried
 * in a step (uids not queried keep their score, so sampling a few miners per step does not decay the others). The
 * vector follows the subnet: it grows when the subnet grows, and a uid whose hotkey changed (deregistered and
 * replaced) starts again from 0, so a newcomer never inherits its predecessor's score.
 */
export class MovingScores {
  readonly alpha: number;
  #scores: Float64Array;
  #hotkeys: string[];

  constructor(alpha: number, initial?: { scores: ArrayLike<number>; hotkeys: readonly string[] }) {
    if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`alpha must be in (0, 1], got ${alpha}`);
    this.alpha = alpha;
    this.#scores = Float64Array.from(initial?.scores ?? []);
    this.#hotkeys = [...(initial?.hotkeys ?? [])];
    if (this.#hotkeys.length !== this.#scores.length) {
      throw new RangeError(`scores (${this.#scores.length}) and hotkeys (${this.#hotkeys.length}) differ in length`);
    }
  }

  /** A copy of the scores, indexed by uid. */
  get scores(): Float64Array {
    return Float64Array.from(this.#scores);
  }

  get hotkeys(): readonly string[] {
    return this.#hotkeys;
  }

  get n(): number {
    return this.#scores.length;
  }

  /** Matches the subnet's current hotkeys (indexed by uid); returns the uids whose score was reset. */
  align(hotkeys: readonly string[]): number[] {
    const reset: number[] = [];
    const next = new Float64Array(hotkeys.length);
    for (let uid = 0; uid < hotkeys.length; uid++) {
      const before = this.#hotkeys[uid];
      if (before === hotkeys[uid]) next[uid] = this.#scores[uid] ?? 0;
      else if (before !== undefined) reset.push(uid);
    }
    this.#scores = next;
    this.#hotkeys = [...hotkeys];
    return reset;
  }

  /** Folds one step's rewards in; a non-finite or negative reward counts as 0. */
  update(uids: readonly number[], rewards: readonly number[]): void {
    for (let i = 0; i < uids.length; i++) {
      const uid = uids[i] as number;
      if (uid < 0 || uid >= this.#scores.length) continue; // left the subnet during the step
      const r = rewards[i] as number;
      const reward = Number.isFinite(r) && r > 0 ? r : 0;
      this.#scores[uid] = this.alpha * reward + (1 - this.alpha) * (this.#scores[uid] as number);
    }
  }
}
