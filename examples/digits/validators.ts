/**
 * The digits validator's author code, all that `Validator` leaves to a subnet: `challenge()` draws a batch of digits
 * from the held-out split (never trained on), `reward()` scores an answer's accuracy with a latency penalty.
 */
import { tensor } from '@subnetkit/synapse';
import type { Challenge, ChallengeContext, RewardContext } from 'subnetkit';
import { type DigitSet, gather, mulberry32, SIDE, type Split } from './data.js';
import type { Digits, DigitsFields } from './protocol.js';
import { accuracyOfAnswer, reward } from './reward.js';

export interface DigitsChallenge extends Challenge<DigitsFields> {
  labels: Uint8Array;
}

/** What one validator saw of each miner, for the report (the Validator keeps only the moving score). */
export interface Tally {
  answers: number;
  accuracy: number;
  latencyS: number;
}

export interface DigitsScoring {
  challenge: (ctx: ChallengeContext) => DigitsChallenge;
  reward: (challenge: DigitsChallenge, response: Digits, ctx: RewardContext) => number;
  /** Per uid: answers scored, their mean accuracy and mean latency. */
  tallies: Map<number, Tally>;
}

/** The challenge and reward functions of one validator; `seed` makes its digit draws reproducible. */
export function digitsScoring(
  digits: DigitSet,
  split: Split,
  options: { batchSize?: number; seed?: number } = {},
): DigitsScoring {
  const size = options.batchSize ?? 64;
  const seed = options.seed ?? 1;
  const tallies = new Map<number, Tally>();
  return {
    tallies,
    challenge: ({ step }) => {
      const random = mulberry32(seed * 1_000_003 + step);
      const picks = Array.from(
        { length: size },
        () => split.heldOut[Math.floor(random() * split.heldOut.length)] as number,
      );
      const { images, labels } = gather(digits, picks);
      return { input: { images: tensor(images, [size, SIDE, SIDE]) }, labels };
    },
    reward: (challenge, response, { uid, processTime }) => {
      const accuracy = accuracyOfAnswer(response.probs, challenge.labels);
      const t = tallies.get(uid) ?? { answers: 0, accuracy: 0, latencyS: 0 };
      const n = t.answers + 1;
      tallies.set(uid, {
        answers: n,
        accuracy: t.accuracy + (accuracy - t.accuracy) / n,
        latencyS: t.latencyS + (processTime - t.latencyS) / n,
      });
      return reward(accuracy, processTime);
    },
  };
}
