/**
 * Commit-reveal v2 timing, as subtensor computes it (spec 293, `get_epoch_index` / `get_reveal_blocks` /
 * `is_reveal_block_range` / `is_commit_expired`). Epochs are staggered per subnet: block b is in epoch
 * floor((b + netuid + 1) / (tempo + 1)). A commit made in epoch e may be revealed only during epoch
 * e + RevealPeriodEpochs; after that it has expired.
 */
export function epochIndex(netuid: number, block: number, tempo: number): number {
  return Math.floor((block + netuid + 1) / (tempo + 1));
}

export interface RevealWindow {
  /** The epoch in which the reveal must land. */
  revealEpoch: number;
  /** First and last block (inclusive) of that epoch. */
  firstBlock: number;
  lastBlock: number;
}

export function revealWindow(
  netuid: number,
  commitBlock: number,
  tempo: number,
  revealPeriodEpochs: number,
): RevealWindow {
  const revealEpoch = epochIndex(netuid, commitBlock, tempo) + revealPeriodEpochs;
  const firstBlock = Math.max(0, revealEpoch * (tempo + 1) - (netuid + 1));
  return { revealEpoch, firstBlock, lastBlock: firstBlock + tempo };
}

export type RevealTiming = 'early' | 'open' | 'expired';

/** Where a reveal included at `block` stands relative to the commit's window. */
export function revealTiming(
  netuid: number,
  commitBlock: number,
  block: number,
  tempo: number,
  revealPeriodEpochs: number,
): RevealTiming {
  const target = epochIndex(netuid, commitBlock, tempo) + revealPeriodEpochs;
  const current = epochIndex(netuid, block, tempo);
  if (current < target) return 'early';
  if (current === target) return 'open';
  return 'expired';
}
