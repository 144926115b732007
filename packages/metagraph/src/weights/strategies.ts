import {
  type ChainClient,
  type ChainSigner,
  commitWeights,
  type SubmitOptions,
  type SubmitResult,
  setWeights as sendSetWeights,
} from '@subnetkit/chain';
import { randomSalt, weightCommitHash } from '../commit/hash.js';
import type { PendingCommit, PendingCommitStore } from '../commit/store.js';
import { revealWindow } from '../commit/window.js';
import { MetagraphError } from '../errors.js';
import type { EmitWeights } from './convert.js';
import type { WeightChainState } from './state.js';

/** Everything a strategy needs to put one weight vector on chain. */
export interface WeightsContext {
  client: ChainClient;
  netuid: number;
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

export type SetWeightsResult =
  | { mode: 'set'; uids: number[]; values: number[]; txHash: string; blockNumber: number }
  | { mode: 'committed'; commit: PendingCommit; txHash: string; blockNumber: number };

/**
 * How weights reach the chain. `plain` sends set_weights; `commit-reveal-v2` commits a hash now and reveals later
 * (`revealPending`); `timelocked` is newer chains' drand commit-reveal. A new flavour is one more implementation.
 */
export interface WeightsStrategy {
  readonly name: 'plain' | 'commit-reveal-v2' | 'timelocked';
  submit(ctx: WeightsContext): Promise<SetWeightsResult>;
}

export const plainStrategy: WeightsStrategy = {
  name: 'plain',
  async submit(ctx) {
    const { netuid, weights, versionKey } = ctx;
    const result = await sendSetWeights(
      ctx.client,
      { netuid, hotkey: ctx.signer, uids: weights.uids, weights: weights.values, versionKey },
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
      result = await commitWeights(ctx.client, { netuid, hotkey: ctx.signer, commitHash: hash }, ctx.submit);
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

/** Newer runtimes' timelocked (drand) commit-reveal: not implemented; says so clearly. */
export const timelockedStrategy: WeightsStrategy = {
  name: 'timelocked',
  async submit(ctx) {
    throw new MetagraphError(
      'METAGRAPH_COMMIT_REVEAL_UNSUPPORTED',
      `subnet ${ctx.netuid} uses timelocked (drand) commit-reveal (CommitRevealWeightsVersion ` +
        `${ctx.state.commitRevealVersion}); subnetkit does not implement it yet. It cannot run on the local spec-293 ` +
        'runtime either (no drand pulses, missing BLS host functions). Use a subnet with commit-reveal off, or the ' +
        'Python SDK for this subnet.',
    );
  },
};

/** The strategy the chain's state asks for. */
export function selectWeightsStrategy(state: WeightChainState): WeightsStrategy {
  if (!state.commitRevealEnabled) return plainStrategy;
  return state.commitRevealKind === 'timelocked' ? timelockedStrategy : hashCommitRevealStrategy;
}
