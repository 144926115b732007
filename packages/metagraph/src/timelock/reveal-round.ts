import type { BeaconConfig } from './drand.js';
import { TimelockError } from './errors.js';

/**
 * Blocks after the first reveal block that the round's pulse is aimed at, so that the pulse is on chain when the
 * chain looks for it (the Python SDK's `SECURITY_BLOCK_OFFSET`).
 */
export const SECURITY_BLOCK_OFFSET = 3;

export interface RevealRoundInput {
  /** The chain's best block now. */
  currentBlock: number;
  netuid: number;
  tempo: number;
  /** `RevealPeriodEpochs` of the subnet (1..100). */
  revealPeriodEpochs: number;
  /**
   * `SubnetInfoRuntimeApi.get_next_epoch_start_block(netuid)` where the runtime has it (the stateful epoch scheduler:
   * epochs every `tempo` blocks from the last one). Absent on older runtimes, which use the staggered
   * `(block + netuid + 1) / (tempo + 1)` epochs.
   */
  nextEpochStartBlock?: number;
  /** Milliseconds per block (12 000 on finney). */
  blockTimeMs: number;
  /** Unix time in milliseconds (the caller's clock; `Date.now()`). */
  nowMs: number;
  beacon: Pick<BeaconConfig, 'genesisTime' | 'period'>;
}

export interface RevealRoundChoice {
  /** The drand round to encrypt to. */
  round: bigint;
  /** The first block in which the chain tries to reveal the commit. */
  firstRevealBlock: number;
  /** The block whose expected time the round was chosen for (first reveal block + the security offset). */
  targetBlock: number;
  /** How the epoch was located: the runtime API, or the older per-netuid formula. */
  scheduler: 'next-epoch-api' | 'legacy-formula';
}

/**
 * Chooses the drand round a commit made now is encrypted to: the round the beacon publishes a few blocks into the
 * commit's reveal epoch. Too late a round and the chain drops the commit unrevealed when the reveal epoch ends; too
 * early and the weights are readable early. Rounded down, so the pulse exists when the chain looks.
 */
export function chooseRevealRound(input: RevealRoundInput): RevealRoundChoice {
  const { currentBlock, netuid, tempo, revealPeriodEpochs: period } = input;
  if (!Number.isInteger(tempo) || tempo < 1)
    throw new TimelockError('round', `tempo must be a positive integer, got ${tempo}`);
  if (!Number.isInteger(period) || period < 1) {
    throw new TimelockError('round', `RevealPeriodEpochs must be a positive integer, got ${period}`);
  }
  if (!(input.blockTimeMs > 0))
    throw new TimelockError('round', `block time must be positive, got ${input.blockTimeMs}`);
  if (!(input.beacon.period > 0))
    throw new TimelockError('round', `beacon period must be positive, got ${input.beacon.period}`);
  let firstRevealBlock: number;
  let scheduler: RevealRoundChoice['scheduler'];
  if (input.nextEpochStartBlock !== undefined) {
    // The reveal runs at the `period`-th epoch firing after the commit; firings are `tempo` blocks apart.
    firstRevealBlock = input.nextEpochStartBlock + (period - 1) * tempo;
    scheduler = 'next-epoch-api';
  } else {
    const epoch = Math.floor((currentBlock + netuid + 1) / (tempo + 1));
    firstRevealBlock = Math.max(0, (epoch + period) * (tempo + 1) - (netuid + 1));
    scheduler = 'legacy-formula';
  }
  const targetBlock = firstRevealBlock + SECURITY_BLOCK_OFFSET;
  const targetMs = input.nowMs + (targetBlock - currentBlock) * input.blockTimeMs;
  const seconds = targetMs / 1000 - input.beacon.genesisTime;
  const round = Math.max(1, Math.floor(seconds / input.beacon.period));
  return { round: BigInt(round), firstRevealBlock, targetBlock, scheduler };
}
