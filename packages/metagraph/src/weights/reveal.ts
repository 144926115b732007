import { type ChainClient, type ChainSigner, revealWeights } from '@subnetkit/chain';
import type { PendingCommit, PendingCommitStore } from '../commit/store.js';
import { revealTiming } from '../commit/window.js';
import { checkWeightRules } from './rules.js';
import { readWeightState } from './state.js';

export type RevealOutcome =
  /** Revealed; the weights are on chain. */
  | { status: 'revealed'; commit: PendingCommit; txHash: string; blockNumber: number }
  /** The window has not opened yet; try again at `firstRevealBlock`. */
  | { status: 'waiting'; commit: PendingCommit; firstRevealBlock: number }
  /** Dropped from the store: it can never be revealed (`reason` says why). */
  | { status: 'dropped'; commit: PendingCommit; reason: string }
  /** The reveal failed in a way that may pass later (connection, rule); kept in the store. */
  | { status: 'failed'; commit: PendingCommit; error: unknown };

export interface RevealPendingParameters {
  netuid: number;
  signer: ChainSigner & { readonly address: string };
  store: PendingCommitStore;
  signal?: AbortSignal;
  timeoutMs?: number;
}

// Chain refusals after which the same reveal can never succeed.
const FINAL = new Set([
  'ExpiredWeightCommit',
  'NoWeightsCommitFound',
  'InvalidRevealCommitHashNotMatch',
  'CommitRevealDisabled',
]);

/**
 * Reveals this hotkey's pending commits whose window is open, oldest first; call it every block or epoch from the
 * validator loop (it is cheap when nothing is due). Commits the chain no longer holds (revealed, expired, never
 * landed, another chain) and commits past their window are dropped from the store.
 */
export async function revealPending(client: ChainClient, params: RevealPendingParameters): Promise<RevealOutcome[]> {
  const { netuid, signer, store } = params;
  const opts = { signal: params.signal, timeoutMs: params.timeoutMs };
  const state = await readWeightState(client, netuid, signer.address, opts);
  const key = { genesisHash: state.genesisHash, netuid, hotkey: signer.address };
  const pending = (await store.list(key)).sort((a, b) => a.commitBlock - b.commitBlock);
  const outcomes: RevealOutcome[] = [];
  const onChain = new Set(state.onChainCommits);
  const drop = async (commit: PendingCommit, reason: string) => {
    await store.remove(key, [commit.hash]);
    outcomes.push({ status: 'dropped', commit, reason });
  };
  for (const commit of pending) {
    if (!onChain.has(commit.hash)) {
      // A commit stored just before sending may not be in a block yet: leave fresh ones alone.
      if (commit.commitBlock > state.head)
        outcomes.push({ status: 'waiting', commit, firstRevealBlock: commit.firstRevealBlock });
      else await drop(commit, 'the chain holds no such commit (already revealed, expired, or never included)');
      continue;
    }
    const timing = revealTiming(netuid, commit.commitBlock, state.block, state.tempo, state.revealPeriodEpochs);
    if (timing === 'early') {
      outcomes.push({ status: 'waiting', commit, firstRevealBlock: commit.firstRevealBlock });
      continue;
    }
    if (timing === 'expired') {
      await drop(commit, `its reveal window ended at block ${commit.lastRevealBlock}`);
      continue;
    }
    const versionKey = BigInt(commit.versionKey);
    const ruleError = checkWeightRules('reveal', commit, versionKey, state);
    if (ruleError) {
      outcomes.push({ status: 'failed', commit, error: ruleError });
      continue;
    }
    try {
      const { uids, values, salt } = commit;
      const result = await revealWeights(
        client,
        { netuid, hotkey: signer, uids, weights: values, salt, versionKey },
        opts,
      );
      await store.remove(key, [commit.hash]);
      outcomes.push({ status: 'revealed', commit, txHash: result.txHash, blockNumber: result.blockNumber });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code && FINAL.has(code)) await drop(commit, `the chain refused the reveal: ${code}`);
      else outcomes.push({ status: 'failed', commit, error });
    }
  }
  return outcomes;
}
