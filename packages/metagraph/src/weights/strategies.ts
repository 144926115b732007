import {
  type ChainClient,
  type ChainSigner,
  commitTimelockedWeights,
  commitWeights,
  type SubmitOptions,
  type SubmitResult,
  setWeights as sendSetWeights,
} from '@subnetkit/chain';
import { randomSalt, weightCommitHash } from '../commit/hash.js';
import type { PendingCommit, PendingCommitStore } from '../commit/store.js';
import { revealWindow } from '../commit/window.js';
import { MetagraphError } from '../errors.js';
import { readTimelockState, revealRoundFor, type TimelockChainState } from '../timelock/chain-state.js';
import { encryptWeightsCommit } from '../timelock/commit.js';
import type { EmitWeights } from './convert.js';
import type { WeightChainState } from './state.js';

/** Everything a strategy needs to put one weight vector on chain. */
export interface WeightsContext {
  client: ChainClient;
  netuid: number;
  /** Mechanism (sub-subnet) id; 0 unless the subnet runs several. */
  mechanismId: number;
  signer: ChainSigner;
  /** SS58 address of the signer (the hotkey). */
  hotkey: string;
  state: WeightChainState;
  weights: EmitWeights;
  versionKey: bigint;
  store: PendingCommitStore | undefined;
  salt: number[] | undefined;
  submit: SubmitOptions;
}

export type SetWeightsReturnType =
  | { mode: 'set'; uids: number[]; values: number[]; txHash: string; blockNumber: number }
  | { mode: 'committed'; commit: PendingCommit; txHash: string; blockNumber: number }
  | ({ mode: 'timelocked'; txHash: string; blockNumber: number } & TimelockedCommit);

/** A timelocked (CRv4) commit as sent: the chain reveals it by itself in its reveal epoch, or drops it silently. */
export interface TimelockedCommit {
  netuid: number;
  mechanismId: number;
  hotkey: string;
  uids: number[];
  values: number[];
  versionKey: bigint;
  /** The ciphertext sent, 0x-hex (decrypt it with 'subnetkit weights untimelock' to check it). */
  commit: string;
  revealRound: bigint;
  commitRevealVersion: number;
  /** The block the commit landed in. */
  commitBlock: number;
  /** First and last block in which the chain should reveal it. */
  firstRevealBlock: number;
  lastRevealBlock: number;
}

/**
 * How weights reach the chain. `plain` sends set_weights; `commit-reveal-v2` commits a hash now and reveals later
 * (`revealPending`); `timelocked` is newer chains' drand commit-reveal. A new flavour is one more implementation.
 */
export interface WeightsStrategy {
  readonly name: 'plain' | 'commit-reveal-v2' | 'timelocked';
  submit(ctx: WeightsContext): Promise<SetWeightsReturnType>;
}

export const plainStrategy: WeightsStrategy = {
  name: 'plain',
  async submit(ctx) {
    const { netuid, weights, versionKey, mechanismId } = ctx;
    const result = await sendSetWeights(
      ctx.client,
      { netuid, mechanismId, hotkey: ctx.signer, uids: weights.uids, weights: weights.values, versionKey },
      ctx.submit,
    );
    return { mode: 'set', ...ctx.weights, txHash: result.txHash, blockNumber: result.blockNumber };
  },
};

/**
 * Commit-reveal v2: commit blake2_256(SCALE(hotkey, netuid, uids, values, salt, version_key)) now, keep the pending
 * commit on disk, reveal during epoch commit_epoch + RevealPeriodEpochs (see `revealPending`). The commit is stored
 * before it is sent, so a crash right after sending still leaves what the reveal needs; a send that surely failed
 * removes it again.
 */
export const hashCommitRevealStrategy: WeightsStrategy = {
  name: 'commit-reveal-v2',
  async submit(ctx) {
    const { state, netuid, store } = ctx;
    if (ctx.mechanismId !== 0) {
      // Runtimes with mechanisms use timelocked commits; the pending-commit store and revealPending serve mechanism 0.
      throw new MetagraphError(
        'METAGRAPH_COMMIT_REVEAL_UNSUPPORTED',
        `hash commit-reveal is only kept for mechanism 0; mechanism ${ctx.mechanismId} needs timelocked commits`,
      );
    }
    if (!store) {
      throw new MetagraphError(
        'METAGRAPH_INVALID_INPUT',
        `commit-reveal is on for subnet ${netuid}: pass a PendingCommitStore so the commit can be revealed later`,
      );
    }
    const salt = ctx.salt ?? randomSalt();
    const hash = weightCommitHash({ hotkey: ctx.hotkey, netuid, ...ctx.weights, salt, versionKey: ctx.versionKey });
    const pending = (commitBlock: number): PendingCommit => {
      const window = revealWindow(netuid, commitBlock, state.tempo, state.revealPeriodEpochs);
      return {
        genesisHash: state.genesisHash,
        netuid,
        hotkey: ctx.hotkey,
        hash,
        uids: ctx.weights.uids,
        values: ctx.weights.values,
        salt,
        versionKey: ctx.versionKey.toString(),
        commitBlock,
        firstRevealBlock: window.firstBlock,
        lastRevealBlock: window.lastBlock,
        createdAt: Date.now(),
      };
    };
    await store.add(pending(state.block));
    let result: SubmitResult;
    try {
      result = await commitWeights(
        ctx.client,
        { netuid, mechanismId: ctx.mechanismId, hotkey: ctx.signer, commitHash: hash },
        ctx.submit,
      );
    } catch (err) {
      // A refusal (dispatch or pool error) means the commit is not on chain: forget it. After a timeout or a lost
      // connection it may still land, so keep it; revealPending drops it if the chain never shows it.
      const kind = (err as { kind?: string }).kind;
      if (kind === 'dispatch' || kind === 'pool' || kind === 'input') {
        await store.remove({ genesisHash: state.genesisHash, netuid, hotkey: ctx.hotkey }, [hash]).catch(() => 0);
      }
      throw err;
    }
    const commit = pending(result.blockNumber);
    await store.add(commit);
    return { mode: 'committed', commit, txHash: result.txHash, blockNumber: result.blockNumber };
  },
};

/** The one payload version this encoder writes (`{hotkey, uids, values, version_key}`). */
export const TIMELOCK_COMMIT_VERSION = 4;

/**
 * Builds the commit for weights sent now: the reveal round from the chain's epoch timing and beacon, the payload
 * encrypted to the beacon's key. Separate from sending so it can be checked offline.
 */
export function prepareTimelockedCommit(
  tl: TimelockChainState,
  input: { hotkey: string; weights: EmitWeights; versionKey: bigint; nowMs?: number },
): { commit: Uint8Array; revealRound: bigint; commitRevealVersion: number; firstRevealBlock: number } {
  const version = tl.commitRevealVersion;
  if (version === undefined) {
    throw new MetagraphError(
      'METAGRAPH_COMMIT_REVEAL_UNSUPPORTED',
      `this runtime has no CommitRevealWeightsVersion: it predates timelocked commits (subnet ${tl.netuid})`,
    );
  }
  if (version !== TIMELOCK_COMMIT_VERSION) {
    throw new MetagraphError(
      'METAGRAPH_COMMIT_REVEAL_UNSUPPORTED',
      `the chain expects commit-reveal version ${version}; subnetkit writes version ${TIMELOCK_COMMIT_VERSION} payloads`,
    );
  }
  const choice = revealRoundFor(tl, input.nowMs);
  const commit = encryptWeightsCommit(
    { hotkey: input.hotkey, uids: input.weights.uids, values: input.weights.values, versionKey: input.versionKey },
    choice.round,
    { publicKey: tl.beacon.publicKey },
  );
  return { commit, revealRound: choice.round, commitRevealVersion: version, firstRevealBlock: choice.firstRevealBlock };
}

/**
 * The reveal blocks of a commit that landed in `commitBlock`: from the first block of its reveal epoch to that
 * epoch's end, plus one block of margin. A commit that landed after the epoch boundary seen when the round was
 * chosen moves one epoch later (the round then arrives early and the reveal still works).
 */
export function timelockedRevealWindow(
  tl: TimelockChainState,
  commitBlock: number,
): { firstRevealBlock: number; lastRevealBlock: number } {
  const { tempo, revealPeriodEpochs: period, netuid } = tl;
  let first: number;
  if (tl.nextEpochStartBlock !== undefined) {
    let next = tl.nextEpochStartBlock;
    while (commitBlock >= next) next += tempo;
    first = next + (period - 1) * tempo;
  } else {
    const epoch = Math.floor((commitBlock + netuid + 1) / (tempo + 1));
    first = Math.max(0, (epoch + period) * (tempo + 1) - (netuid + 1));
  }
  return { firstRevealBlock: first, lastRevealBlock: first + tempo + 1 };
}

/**
 * Timelocked commit-reveal (CRv4): the weights payload is encrypted to the drand round published early in the
 * reveal epoch and committed with `commit_timelocked_(mechanism_)weights`; the chain decrypts and applies it itself.
 * Follow it with `waitForTimelockedReveal`.
 */
export const timelockedStrategy: WeightsStrategy = {
  name: 'timelocked',
  async submit(ctx) {
    const { netuid, mechanismId } = ctx;
    const tl = await readTimelockState(ctx.client, netuid, { signal: ctx.submit.signal });
    const prepared = prepareTimelockedCommit(tl, {
      hotkey: ctx.hotkey,
      weights: ctx.weights,
      versionKey: ctx.versionKey,
    });
    const result = await commitTimelockedWeights(
      ctx.client,
      {
        netuid,
        mechanismId,
        hotkey: ctx.signer,
        commit: prepared.commit,
        revealRound: prepared.revealRound,
        commitRevealVersion: prepared.commitRevealVersion,
      },
      ctx.submit,
    );
    return {
      mode: 'timelocked',
      txHash: result.txHash,
      blockNumber: result.blockNumber,
      netuid,
      mechanismId,
      hotkey: ctx.hotkey,
      uids: ctx.weights.uids,
      values: ctx.weights.values,
      versionKey: ctx.versionKey,
      commit: `0x${Buffer.from(prepared.commit).toString('hex')}`,
      revealRound: prepared.revealRound,
      commitRevealVersion: prepared.commitRevealVersion,
      commitBlock: result.blockNumber,
      ...timelockedRevealWindow(tl, result.blockNumber),
    };
  },
};

/** The strategy the chain's state asks for. */
export function selectWeightsStrategy(state: WeightChainState): WeightsStrategy {
  if (!state.commitRevealEnabled) return plainStrategy;
  return state.commitRevealKind === 'timelocked' ? timelockedStrategy : hashCommitRevealStrategy;
}
