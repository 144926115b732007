/**
 * When a subnet's epoch (Yuma consensus) runs. subtensor runs it in the block N where
 * `tempo - ((N + netuid + 1) % (tempo + 1)) == 0` (`blocks_until_next_epoch` in the subtensor pallet); tempo 0 never runs.
 */
import { LocalnetError } from './errors.js';

/** Blocks from `block` until the next epoch block of `netuid` (0 when `block` itself is one). */
export function blocksUntilNextEpoch(netuid: number, tempo: number, block: number): number {
  if (tempo === 0) return Number.POSITIVE_INFINITY;
  return tempo - ((block + netuid + 1) % (tempo + 1));
}

/** The first block number greater than `after` in which `netuid`'s epoch runs. */
export function nextEpochBlock(netuid: number, tempo: number, after: number): number {
  if (!Number.isInteger(tempo) || tempo <= 0) {
    throw new LocalnetError('LOCALNET_INVALID_ARGUMENT', `subnet ${netuid} has tempo ${tempo}: its epoch never runs`);
  }
  return after + 1 + blocksUntilNextEpoch(netuid, tempo, after + 1);
}
