/**
 * The validator's weight schedule and submission: weights every `everyBlocks` (default max(tempo,
 * WeightsSetRateLimit)), fitted to the subnet's limits and sent through `@subnetkit/metagraph`'s `setWeights`, which
 * checks the chain's rules first and commits instead of setting when the subnet has commit-reveal on. A retryable
 * failure (weight-errors.ts) is tried again at the next step, any other waits a whole interval: never more than one
 * attempt per step.
 *
 * A submission runs beside the steps, not inside them: a transaction stuck in the pool (a stalled chain, a lost
 * connection) must not stop the validator from querying and scoring. At most one submission is in flight; one that
 * is not in a block after `timeoutMs` is abandoned with a NEURON_WEIGHTS_TIMEOUT warning, and before the next try
 * (at a later block) the chain is asked whether the abandoned transaction landed after all, so it is not sent twice.
 */
import { type ChainClient, ChainError, findStorage, getMechanismCount, type SubnetHyperparams } from '@subnetkit/chain';
import {
  type Metagraph,
  type PendingCommitStore,
  processWeights,
  readWeightState,
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

/** Default for `timeoutMs`: the chain client's own inclusion timeout. */
const DEFAULT_WEIGHTS_TIMEOUT_MS = 60_000;
/** How long the step that starts a submission waits for it, so a healthy chain reports it in that same step. */
const SAME_STEP_WAIT_MS = 6_000;

/** What the chain showed of this hotkey's weights before a submission: to tell later whether it landed. */
interface ChainMark {
  lastUpdate: number;
  commits: string[];
}

interface Pending {
  /** Block of the step that started it. */
  block: number;
  done: Promise<void>;
  abort: AbortController;
}

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
  #pending: Pending | undefined;
  /** Outcomes settled since the last `tick()` took them. */
  #settled: WeightsOutcome | undefined;
  /**
   * Set when a submission was abandoned: the chain as it was before it, the block it was abandoned at, and its
   * transaction's hash when it had been sent.
   */
  #abandoned: { mark: ChainMark; block: number; txHash: string | undefined } | undefined;
  /** Blocks seen by the latest tick. */
  #block = 0;
  #revealing: Promise<void> | undefined;
  #revealAbort: AbortController | undefined;

  constructor(
    private readonly ctx: {
      client: ChainClient;
      netuid: number;
      /** Mechanism (sub-subnet) the weights are for. */
      mecid: number;
      signer: Signer & { address: string };
      store: PendingCommitStore;
      everyBlocks: number | undefined;
      /** A submission not settled after this long is abandoned. Default DEFAULT_WEIGHTS_TIMEOUT_MS. */
      timeoutMs?: number | undefined;
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

  /** The block the submission in flight was started at, if one is. */
  get pendingSince(): number | undefined {
    return this.#pending?.block;
  }

  /** The block the next attempt is due at, as of `block`. */
  dueAt(block: number): number {
    return this.retry ? block + 1 : Math.max(this.nextBlock, block + 1);
  }

  /**
   * Starts a submission from `scores` if weights are due at `block` and none is in flight, and waits a few seconds
   * for it. Returns the outcome of a submission that settled since the last call (this one's or an earlier one's),
   * undefined when none did.
   */
  async tick(block: number, metagraph: Metagraph, uid: number | undefined, scores: Float64Array) {
    this.#block = block;
    if (!this.#pending) {
      const started = await this.#maybeStart(block, metagraph, uid, scores);
      if (started) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([started.done, new Promise((r) => (timer = setTimeout(r, SAME_STEP_WAIT_MS)))]);
        clearTimeout(timer);
      }
    }
    const settled = this.#settled;
    this.#settled = undefined;
    return settled;
  }

  /** Abandons a submission in flight (the validator is closing); its transaction may still land. */
  async close(): Promise<void> {
    const closing = new NeuronError('NEURON_LIFECYCLE', 'the validator is closing');
    this.#pending?.abort.abort(closing);
    this.#revealAbort?.abort(closing);
    await Promise.all([this.#pending?.done, this.#revealing]);
  }

  async #maybeStart(
    block: number,
    metagraph: Metagraph,
    uid: number | undefined,
    scores: Float64Array,
  ): Promise<Pending | undefined> {
    const rules = this.#rules;
    if (!rules || uid === undefined) return undefined;
    const interval = this.ctx.everyBlocks ?? Math.max(rules.tempo, rules.weightsRateLimit, 1);
    if (this.nextBlock === 0) {
      // Nothing persisted: as the Python template, count from the chain's LastUpdate of this uid (its registration
      // or its last weights), so a fresh validator scores a whole interval first and a restarted one does not resend.
      this.nextBlock = (metagraph.lastUpdate[uid] ?? 0) + interval;
    }
    if (!this.retry && block < this.nextBlock) return undefined;
    // After an abandoned submission, try again only once the chain has moved on: while it stands still, the stuck
    // transaction is still the one that would land.
    if (this.#abandoned && block <= this.#abandoned.block) return undefined;
    if (!scores.some((s) => s > 0)) return undefined; // nothing learned yet: an all-uniform vector says nothing
    // Without a validator permit the chain refuses weights to others; the permit comes with an epoch, and the
    // metagraph (resynced on its cadence) shows it, so wait for it rather than send a transaction bound to fail.
    if (metagraph.validatorPermit[uid] !== 1) {
      this.ctx.log.debug({ uid }, 'no validator permit yet; weights wait for one');
      return undefined;
    }
    if (this.#abandoned && (await this.#abandonedStillCounts(interval))) return undefined;
    // Fitted now, from this step's metagraph and scores (inside #submit's try: a failure is a weights outcome).
    const processed = () =>
      processWeights({
        uids: Array.from(metagraph.uids),
        weights: scores.subarray(0, metagraph.n),
        n: metagraph.n,
        minAllowedWeights: rules.minAllowedWeights,
        maxWeightLimit: rules.maxWeightLimit,
      });
    const abort = new AbortController();
    const pending: Pending = {
      block,
      abort,
      done: this.#submit(block, interval, processed, abort).then((outcome) => {
        this.#settled = outcome;
        this.#pending = undefined;
      }),
    };
    this.#pending = pending;
    return pending;
  }

  /** One submission, from reading the chain's state to a block or a failure; never rejects. */
  async #submit(
    block: number,
    interval: number,
    fit: () => ReturnType<typeof processWeights>,
    abort: AbortController,
  ): Promise<WeightsOutcome> {
    const log = this.ctx.log;
    const timeoutMs = this.ctx.timeoutMs ?? DEFAULT_WEIGHTS_TIMEOUT_MS;
    const startedAt = performance.now();
    const timer = setTimeout(() => {
      abort.abort(
        new NeuronError(
          'NEURON_WEIGHTS_TIMEOUT',
          `the weight submission started at block ${block} was not in a block after ${timeoutMs} ms; abandoned`,
        ),
      );
    }, timeoutMs);
    let mark: ChainMark | undefined;
    try {
      const processed = fit();
      mark = await this.#mark(abort.signal, timeoutMs);
      const result: SetWeightsReturnType = await setWeights(this.ctx.client, {
        netuid: this.ctx.netuid,
        mechanismId: this.ctx.mecid,
        signer: this.ctx.signer as WeightsSigner,
        uids: processed.uids,
        weights: processed.weights,
        store: this.ctx.store,
        signal: abort.signal,
        timeoutMs,
      });
      this.#abandoned = undefined;
      this.retry = false;
      this.lastBlock = result.blockNumber;
      this.nextBlock = result.blockNumber + interval;
      log.info(
        {
          mode: result.mode,
          block: result.blockNumber,
          uids: processed.uids.length,
          ms: Math.round(performance.now() - startedAt),
        },
        result.mode === 'set'
          ? 'weights set on chain'
          : `weights committed (${result.mode}; revealed in a later epoch)`,
      );
      return { outcome: result.mode, block: result.blockNumber };
    } catch (caught) {
      const reason = abort.signal.aborted ? abort.signal.reason : undefined;
      if (reason instanceof NeuronError && reason.code === 'NEURON_LIFECYCLE') {
        return { outcome: 'failed', error: 'Aborted', retry: true };
      }
      const timedOut =
        (reason instanceof NeuronError && reason.code === 'NEURON_WEIGHTS_TIMEOUT') ||
        weightErrorName(caught) === 'InclusionTimeout';
      const err = timedOut
        ? reason instanceof NeuronError
          ? new NeuronError('NEURON_WEIGHTS_TIMEOUT', reason.shortMessage, { cause: caught })
          : new NeuronError(
              'NEURON_WEIGHTS_TIMEOUT',
              `the weight submission started at block ${block} was not in a block after ${timeoutMs} ms; abandoned`,
              { cause: caught },
            )
        : caught;
      const name = weightErrorName(err);
      this.retry = timedOut || isRetryableWeightError(err);
      // The transaction may still be in a pool somewhere: the next try first checks whether it landed.
      const fateUnknown = timedOut || (caught instanceof ChainError && caught.kind === 'connection');
      if (mark && fateUnknown) {
        this.#abandoned = { mark, block: Math.max(block, this.#block), txHash: txHashOf(caught) };
      }
      if (!this.retry) this.nextBlock = block + interval;
      log.warn(
        { err, error: name, retry: this.retry },
        timedOut
          ? `setting weights failed (${name}): not in a block after ${timeoutMs} ms, abandoned; the next try, at a later block, first checks whether it landed`
          : this.retry
            ? `setting weights failed (${name}); retrying at the next step`
            : `setting weights failed (${name}); next try at block ${this.nextBlock}`,
      );
      return { outcome: 'failed', error: name, retry: this.retry };
    } finally {
      clearTimeout(timer);
    }
  }

  /** This hotkey's LastUpdate and unrevealed commits on chain now. */
  async #mark(signal?: AbortSignal, timeoutMs?: number): Promise<ChainMark> {
    const state = await readWeightState(this.ctx.client, this.ctx.netuid, this.ctx.signer.address, {
      mechanismId: this.ctx.mecid,
      ...(signal ? { signal } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
    });
    return { lastUpdate: state.lastUpdate, commits: state.onChainCommits };
  }

  /**
   * Whether the abandoned submission still stands in for a new one: it landed after all (then it counts as this
   * interval's weights), or it still waits in the node's pool (a second transaction would be a double submission:
   * it gets a later nonce and both could land). Only when neither is true is a new one sent.
   */
  async #abandonedStillCounts(interval: number): Promise<boolean> {
    const abandoned = this.#abandoned!;
    let now: ChainMark;
    let inPool = false;
    try {
      now = await this.#mark();
      if (abandoned.txHash) {
        const hash = abandoned.txHash;
        inPool = await this.ctx.client.read('reading the pool for the abandoned weight submission', async (api) =>
          (await api.rpc.author.pendingExtrinsics()).some((x) => x.hash.toHex() === hash),
        );
      }
    } catch (err) {
      this.ctx.log.warn(
        { err },
        'cannot read the chain to check the abandoned weight submission; asking again next step',
      );
      return true; // never send blind
    }
    const newCommit = now.commits.some((c) => !abandoned.mark.commits.includes(c));
    if (now.lastUpdate !== abandoned.mark.lastUpdate || newCommit) {
      this.#abandoned = undefined;
      this.retry = false;
      this.lastBlock = now.lastUpdate > abandoned.mark.lastUpdate ? now.lastUpdate : this.#block;
      this.nextBlock = this.lastBlock + interval;
      this.ctx.log.info(
        { block: this.lastBlock, committed: newCommit, txHash: abandoned.txHash },
        newCommit
          ? 'the abandoned weight commit landed after all (it is revealed from the commit store); not sent again'
          : 'the abandoned weight submission landed after all; not sent again',
      );
      this.#settled = { outcome: newCommit ? 'committed' : 'set', block: this.lastBlock };
      return true;
    }
    if (inPool) {
      this.ctx.log.info(
        { txHash: abandoned.txHash, since: abandoned.block },
        'the abandoned weight submission still waits in the node pool; no second one is sent until it lands or leaves',
      );
      return true;
    }
    this.#abandoned = undefined;
    return false;
  }

  /**
   * Reveals pending commits whose window is open (commit-reveal subnets only; cheap when none is due). Like a
   * submission, a reveal runs beside the steps: at most one at a time, waited for a few seconds, abandoned after
   * `timeoutMs` (the commit stays in the store and is revealed by a later step).
   */
  async revealDue(): Promise<void> {
    if (!this.#rules?.commitReveal) return;
    if (!this.#revealing) {
      const abort = new AbortController();
      this.#revealAbort = abort;
      this.#revealing = this.#reveal(abort.signal).finally(() => {
        this.#revealing = undefined;
      });
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#revealing, new Promise((r) => (timer = setTimeout(r, SAME_STEP_WAIT_MS)))]);
    clearTimeout(timer);
  }

  async #reveal(signal: AbortSignal): Promise<void> {
    try {
      const outcomes = await revealPending(this.ctx.client, {
        netuid: this.ctx.netuid,
        signer: this.ctx.signer as WeightsSigner,
        store: this.ctx.store,
        signal,
        timeoutMs: this.ctx.timeoutMs ?? DEFAULT_WEIGHTS_TIMEOUT_MS,
      });
      for (const o of outcomes) {
        if (o.status !== 'waiting') this.ctx.log.info({ status: o.status, hash: o.commit.hash }, 'weight commit');
      }
    } catch (err) {
      if (signal.aborted) return;
      this.ctx.log.warn({ err }, 'revealing weight commits failed; trying again next step');
    }
  }
}

function txHashOf(err: unknown): string | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof ChainError && e.txHash) return e.txHash;
  }
  return undefined;
}
