/**
 * The validator's weight schedule and submission: weights every `everyBlocks` (default max(tempo,
 * WeightsSetRateLimit)), fitted to the subnet's limits and sent through `@subnetkit/metagraph`'s `setWeights`, which
 * checks the chain's rules first and commits instead of setting when the subnet has commit-reveal on. A retryable
 * failure (weight-errors.ts) is tried again at the next step, any other waits a whole interval: never more than one
 * attempt per step.
 */
import { type ChainClient, findStorage, getMechanismCount, type SubnetHyperparams } from '@subnetkit/chain';
import {
  type Metagraph,
  type PendingCommitStore,
  processWeights,
  revealPending,
  type SetWeightsReturnType,
  setWeights,
} from '@subnetkit/metagraph';
import type { Signer } from '@subnetkit/wallet';
import type { Logger } from 'pino';
import { NeuronError } from './errors.js';
import { isRetryableWeightError, weightErrorName } from './weight-errors.js';

export type WeightsOutcome =
  /** `set`: plain set_weights; `committed`: a hash commit revealed by later steps; `timelocked`: the chain reveals it. */
  { outcome: SetWeightsReturnType['mode']; block: number } | { outcome: 'failed'; error: string; retry: boolean };

interface WeightRules {
  tempo: number;
  weightsRateLimit: number;
  commitReveal: boolean;
  minAllowedWeights: number;
  maxWeightLimit: number;
}

type WeightsSigner = Parameters<typeof setWeights>[1]['signer'];

/** Refuses, at start, a mecid the subnet does not run, rather than failing at the first weight setting. */
export async function assertMechanism(client: ChainClient, netuid: number, mecid: number): Promise<void> {
  if (mecid === 0) return;
  const hasMechanisms = await client.read('checking whether the chain has mechanisms', async (api) =>
    Boolean(findStorage(api, 'subtensorModule', 'mechanismCountCurrent')),
  );
  if (!hasMechanisms) {
    throw new NeuronError('NEURON_CONFIG', `mecid ${mecid}: this chain has no mechanisms (only mecid 0 exists on it)`);
  }
  const count = await getMechanismCount(client, netuid);
  if (mecid >= count) {
    throw new NeuronError(
      'NEURON_CONFIG',
      `mecid ${mecid}: subnet ${netuid} runs ${count} mechanism(s), ids 0-${count - 1}`,
    );
  }
}

export class WeightSetter {
  /** Block weights were last put on chain (0: never). */
  lastBlock = 0;
  /** First block at which weights are due (0: not known yet). */
  nextBlock = 0;
  /** The last attempt failed in a way worth retrying at the next step. */
  retry = false;
  #rules: WeightRules | undefined;

  constructor(
    private readonly ctx: {
      client: ChainClient;
      netuid: number;
      /** Mechanism (sub-subnet) the weights are for. */
      mecid: number;
      signer: Signer & { address: string };
      store: PendingCommitStore;
      everyBlocks: number | undefined;
      log: Logger;
    },
  ) {}

  /** Takes the subnet's current rules (read with every metagraph sync). */
  updateRules(hp: SubnetHyperparams): void {
    this.#rules = {
      tempo: hp.tempo,
      weightsRateLimit: Number(hp.weightsRateLimit),
      commitReveal: hp.commitRevealWeightsEnabled,
      minAllowedWeights: hp.minAllowedWeights,
      maxWeightLimit: hp.maxWeightsLimit / 65535,
    };
  }

  /** The block the next attempt is due at, as of `block`. */
  dueAt(block: number): number {
    return this.retry ? block + 1 : Math.max(this.nextBlock, block + 1);
  }

  /** Sets (or commits) weights from `scores` if they are due at `block`; undefined when nothing was tried. */
  async maybeSet(block: number, metagraph: Metagraph, uid: number | undefined, scores: Float64Array) {
    const rules = this.#rules;
    if (!rules || uid === undefined) return undefined;
    const interval = this.ctx.everyBlocks ?? Math.max(rules.tempo, rules.weightsRateLimit, 1);
    if (this.nextBlock === 0) {
      // Nothing persisted: as the Python template, count from the chain's LastUpdate of this uid (its registration
      // or its last weights), so a fresh validator scores a whole interval first and a restarted one does not resend.
      this.nextBlock = (metagraph.lastUpdate[uid] ?? 0) + interval;
    }
    if (!this.retry && block < this.nextBlock) return undefined;
    if (!scores.some((s) => s > 0)) return undefined; // nothing learned yet: an all-uniform vector says nothing
    // Without a validator permit the chain refuses weights to others; the permit comes with an epoch, and the
    // metagraph (resynced on its cadence) shows it, so wait for it rather than send a transaction bound to fail.
    if (metagraph.validatorPermit[uid] !== 1) {
      this.ctx.log.debug({ uid }, 'no validator permit yet; weights wait for one');
      return undefined;
    }
    const log = this.ctx.log;
    try {
      const processed = processWeights({
        uids: Array.from(metagraph.uids),
        weights: scores.subarray(0, metagraph.n),
        n: metagraph.n,
        minAllowedWeights: rules.minAllowedWeights,
        maxWeightLimit: rules.maxWeightLimit,
      });
      const result: SetWeightsReturnType = await setWeights(this.ctx.client, {
        netuid: this.ctx.netuid,
        mechanismId: this.ctx.mecid,
        signer: this.ctx.signer as WeightsSigner,
        uids: processed.uids,
        weights: processed.weights,
        store: this.ctx.store,
      });
      this.retry = false;
      this.lastBlock = result.blockNumber;
      this.nextBlock = result.blockNumber + interval;
      log.info(
        { mode: result.mode, block: result.blockNumber, uids: processed.uids.length },
        result.mode === 'set'
          ? 'weights set on chain'
          : `weights committed (${result.mode}; revealed in a later epoch)`,
      );
      return { outcome: result.mode, block: result.blockNumber } satisfies WeightsOutcome;
    } catch (err) {
      const name = weightErrorName(err);
      this.retry = isRetryableWeightError(err);
      if (!this.retry) this.nextBlock = block + interval;
      log.warn(
        { err, error: name, retry: this.retry },
        this.retry
          ? `setting weights failed (${name}); retrying at the next step`
          : `setting weights failed (${name}); next try at block ${this.nextBlock}`,
      );
      return { outcome: 'failed', error: name, retry: this.retry } satisfies WeightsOutcome;
    }
  }

  /** Reveals pending commits whose window is open (commit-reveal subnets only; cheap when none is due). */
  async revealDue(): Promise<void> {
    if (!this.#rules?.commitReveal) return;
    try {
      const outcomes = await revealPending(this.ctx.client, {
        netuid: this.ctx.netuid,
        signer: this.ctx.signer as WeightsSigner,
        store: this.ctx.store,
      });
      for (const o of outcomes) {
        if (o.status !== 'waiting') this.ctx.log.info({ status: o.status, hash: o.commit.hash }, 'weight commit');
      }
    } catch (err) {
      this.ctx.log.warn({ err }, 'revealing weight commits failed; trying again next step');
    }
  }
}
