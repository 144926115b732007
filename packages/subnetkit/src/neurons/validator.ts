/**
 * A validator: the loop a subnet author otherwise writes by hand, with their code reduced to `challenge()` and
 * `reward()`. Each step: resync the metagraph on a block cadence, choose miners, build the challenge, query them with
 * the Dendrite, score the answers into a per-uid moving average, persist it atomically, and put weights on chain once
 * per weight interval (commit-reveal when the subnet has it on). Failures inside a step are logged and never end the
 * loop: a miner that times out or errs scores 0, a reward function that throws scores 0 for that miner.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type ChainClient, getBlockNumber, getSubnetHyperparams, type SubnetHyperparams } from '@subnetkit/chain';
import { Dendrite, type DendriteOptions } from '@subnetkit/dendrite';
import { chainSource, Metagraph, mechanismSource, PendingCommitStore } from '@subnetkit/metagraph';
import type { FieldShape, Synapse, SynapseDefinition, SynapseInput } from '@subnetkit/synapse';
import type { Signer } from '@subnetkit/wallet';
import type { Logger } from 'pino';
import { BlockCadence } from './block-cadence.js';
import {
  assertNetuid,
  type ChainOptions,
  type KeyOptions,
  type LogOptions,
  makeLogger,
  onShutdownSignal,
  openChain,
  resolveHotkey,
} from './connection.js';
import { NeuronError } from './errors.js';
import { MovingScores } from './moving-scores.js';
import { sampleUids, servingMinerUids } from './select-miners.js';
import { StateStore, type ValidatorState } from './state-store.js';
import { assertMechanism, WeightSetter, type WeightsOutcome } from './weight-setter.js';

type MaybePromise<T> = T | Promise<T>;

/** What `challenge()` returns: the synapse input sent to every chosen miner, plus anything `reward()` needs. */
export interface Challenge<S extends FieldShape> {
  input: SynapseInput<S>;
}

export interface ChallengeContext {
  step: number;
  block: number;
  /** The uids about to be queried. */
  uids: readonly number[];
  metagraph: Metagraph;
}

export interface RewardContext {
  uid: number;
  hotkey: string;
  /** Seconds the miner took, as the dendrite measured it. */
  processTime: number;
}

export interface StepSummary {
  step: number;
  block: number;
  /** Uids queried this step. */
  uids: number[];
  /** This step's rewards, by position in `uids`. */
  rewards: number[];
  successes: number;
  /** Mean of this step's rewards (0 when nobody was queried). */
  meanScore: number;
  /**
   * A weight submission that settled during this step (started by it, or by an earlier step while this one went on):
   * undefined when none did.
   */
  weights?: WeightsOutcome;
  /** Block of the step that started the weight submission still in flight, if one is. */
  weightsPendingSince?: number;
  nextWeightsBlock: number;
}

export interface ValidatorOptions<S extends FieldShape, C extends Challenge<S>>
  extends KeyOptions,
    ChainOptions,
    LogOptions {
  netuid: number;
  /** The synapse sent to miners. */
  synapse: SynapseDefinition<S, unknown>;
  /** Builds this step's challenge. A throw skips the step's queries (logged), the loop goes on. */
  challenge: (ctx: ChallengeContext) => MaybePromise<C>;
  /** Scores one successful answer, ≥ 0 (higher is better). A throw, NaN or negative scores 0 for that miner. */
  reward: (challenge: C, response: Synapse<S>, ctx: RewardContext) => MaybePromise<number>;
  /** Miners per step; 0 (default) queries every serving miner. */
  sampleSize?: number;
  /** Seconds a miner has to answer: the wire's `timeout` (Python's unit), passed to the dendrite as is. Default 12. */
  timeout?: number;
  /** Weight of the newest reward in the moving average. Default 0.1. */
  alpha?: number;
  /** Resync the metagraph when this many blocks have passed. Default 100 (the Python template's epoch length). */
  syncEveryBlocks?: number;
  /** Mechanism (sub-subnet) id the weights are set for, 0-255. Default 0; another needs a chain with mechanisms. */
  mecid?: number;
  /** Blocks between weight submissions. Default: the subnet's tempo, at least its WeightsSetRateLimit. */
  weightsEveryBlocks?: number;
  /**
   * A weight submission (set, commit or reveal) not in a block after this long is abandoned (a NEURON_WEIGHTS_TIMEOUT
   * warning) and tried again at a later block, unless it landed meanwhile. Steps go on while one is in flight.
   * Default 60 000.
   */
  weightsTimeoutMs?: number;
  /** Pause between steps in `run()`. Default 12 000 ms (one block). */
  stepIntervalMs?: number;
  /** Scores and step state. Default `~/.subnetkit/validators/<netuid>-<hotkey>.json` (`SUBNETKIT_HOME` moves it). */
  statePath?: string;
  /** Pending weight commits (commit-reveal). Default beside the state file. */
  commitStore?: PendingCommitStore;
  /** Further Dendrite options. */
  dendrite?: Omit<DendriteOptions, 'signer' | 'wallet'>;
  /** Stop on SIGINT/SIGTERM. Default true. */
  handleSignals?: boolean;
  /** Called after every step (beside the progress log line). */
  onStep?: (summary: StepSummary) => void;
  /** Random numbers in [0, 1) for sampling. Default Math.random. */
  random?: () => number;
}

/**
 * @example
 * const validator = new Validator({
 *   netuid: 2, endpoint: 'ws://127.0.0.1:9944', walletName: 'validator', synapse: Dummy,
 *   challenge: () => { const x = randomInt(100); return { input: { input: x }, expected: 2 * x }; },
 *   reward: (c, r) => (r.output === c.expected ? 1 : 0),
 * });
 * await validator.start();
 * await validator.run(); // until SIGINT/SIGTERM
 */
export class Validator<S extends FieldShape, C extends Challenge<S> = Challenge<S>> {
  readonly netuid: number;
  readonly log: Logger;
  readonly #o: ValidatorOptions<S, C>;
  #signer: (Signer & { address: string }) | undefined;
  #client: ChainClient | undefined;
  #ownsClient = false;
  #metagraph: Metagraph | undefined;
  #cadence: BlockCadence | undefined;
  #dendrite: Dendrite | undefined;
  #store: StateStore | undefined;
  #scores: MovingScores | undefined;
  #weights: WeightSetter | undefined;
  #step = 0;
  #state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';
  #running: Promise<StepSummary> | undefined;
  #wake: (() => void) | undefined;
  #offSignals: (() => void) | undefined;
  #offConnection: (() => void) | undefined;
  #stopped: Promise<void> | undefined;

  constructor(options: ValidatorOptions<S, C>) {
    this.netuid = assertNetuid(options.netuid);
    if (typeof options.challenge !== 'function' || typeof options.reward !== 'function') {
      throw new NeuronError('NEURON_CONFIG', 'a Validator needs challenge() and reward() functions');
    }
    const alpha = options.alpha ?? 0.1;
    if (!(alpha > 0 && alpha <= 1)) throw new NeuronError('NEURON_CONFIG', `alpha must be in (0, 1], got ${alpha}`);
    const mecid = options.mecid ?? 0;
    if (!Number.isInteger(mecid) || mecid < 0 || mecid > 255) {
      throw new NeuronError('NEURON_CONFIG', `mecid must be an integer 0-255, got ${mecid}`);
    }
    const weightsTimeoutMs = options.weightsTimeoutMs ?? 60_000;
    if (!Number.isInteger(weightsTimeoutMs) || weightsTimeoutMs < 1 || weightsTimeoutMs > 2_147_483_647) {
      throw new NeuronError(
        'NEURON_CONFIG',
        `weightsTimeoutMs must be a whole number of ms ≥ 1, got ${weightsTimeoutMs}`,
      );
    }
    this.#o = options;
    this.log = makeLogger('validator', options);
  }

  get metagraph(): Metagraph {
    if (!this.#metagraph) throw new NeuronError('NEURON_LIFECYCLE', 'the validator has not started');
    return this.#metagraph;
  }

  /** The moving-average scores, by uid (a copy). */
  get scores(): Float64Array {
    return this.#scores?.scores ?? new Float64Array(0);
  }

  /** Steps completed, including those before a restart. */
  get steps(): number {
    return this.#step;
  }

  get hotkey(): string | undefined {
    return this.#signer?.address;
  }

  get uid(): number | undefined {
    return this.#signer && this.#metagraph?.uidOf(this.#signer.address);
  }

  get statePath(): string | undefined {
    return this.#store?.path;
  }

  /** Loads the keys and the persisted state, connects, syncs the metagraph, checks registration. */
  async start(): Promise<this> {
    if (this.#state !== 'new') throw new NeuronError('NEURON_LIFECYCLE', `start(): the validator is ${this.#state}`);
    this.#state = 'starting';
    const o = this.#o;
    try {
      const signer = await resolveHotkey(o);
      this.#signer = signer;
      const statePath =
        o.statePath ??
        join(
          process.env.SUBNETKIT_HOME ?? join(homedir(), '.subnetkit'),
          'validators',
          `${this.netuid}-${signer.address}.json`,
        );
      this.#store = new StateStore(statePath);
      const saved = await this.#store.load();
      await this.#store.assertWritable();
      this.#restore(saved, signer.address);

      const { client, owned } = await openChain(o);
      this.#client = client;
      this.#ownsClient = owned;
      this.#offConnection = client.onConnection((state) => {
        // An operator reading the log should see why steps pause: the chain went away, came back, or changed.
        if (state === 'connected') this.log.info({ endpoint: client.endpoint }, 'chain connection restored');
        else this.log.warn({ endpoint: client.endpoint, state }, `chain connection ${state}`);
      });
      await assertMechanism(client, this.netuid, o.mecid ?? 0);
      this.#weights = new WeightSetter({
        client,
        netuid: this.netuid,
        mecid: o.mecid ?? 0,
        signer,
        store: o.commitStore ?? new PendingCommitStore({ path: `${statePath.replace(/\.json$/, '')}.commits.json` }),
        everyBlocks: o.weightsEveryBlocks,
        timeoutMs: o.weightsTimeoutMs,
        log: this.log,
      });
      if (saved) {
        this.#weights.lastBlock = saved.lastWeightsBlock;
        this.#weights.nextBlock = saved.nextWeightsBlock;
      }
      // With a mechanism other than 0, the metagraph is that mechanism's: its incentive and lastUpdate (which times
      // a fresh validator's first weights) rather than mechanism 0's.
      const mecid = o.mecid ?? 0;
      this.#metagraph = new Metagraph(this.netuid, mecid === 0 ? chainSource(client) : mechanismSource(client, mecid));
      this.#cadence = new BlockCadence(this.#metagraph, o.syncEveryBlocks ?? 100);
      await this.#cadence.maybeSync(0, () => this.#afterSync());
      if (saved && saved.block > this.metagraph.block) {
        // The state was saved on a chain further along than this one: another chain with the same genesis (every
        // fresh localnet) or a chain reset. Its weight timing means nothing here; the scores follow the hotkeys.
        this.log.warn(
          { statePath, savedBlock: saved.block, block: this.metagraph.block },
          `validator state ${statePath} was saved at block ${saved.block}, but this chain is at block ${this.metagraph.block}: ` +
            'a different or reset chain; weight timing starts afresh (scores are kept where the hotkeys match)',
        );
        this.#weights.lastBlock = 0;
        this.#weights.nextBlock = 0;
      }
      if (this.uid === undefined) {
        throw new NeuronError(
          'NEURON_NOT_REGISTERED',
          `validator hotkey ${signer.address} is not registered on subnet ${this.netuid}: register it first`,
        );
      }
      this.#dendrite = new Dendrite({ ...o.dendrite, signer });
      await this.#dendrite.ready();
      if (o.handleSignals !== false) {
        this.#offSignals = onShutdownSignal((signal) => {
          this.log.info({ signal }, 'stopping after the current step');
          void this.close();
        });
      }
      this.#state = 'running';
      this.log.info(
        { uid: this.uid, hotkey: signer.address, statePath, resumedStep: this.#step, block: this.metagraph.block },
        saved ? `validator resumed at step ${this.#step} from ${statePath}` : 'validator started',
      );
      return this;
    } catch (err) {
      this.#state = 'running';
      await this.close();
      throw err;
    }
  }

  /** Runs one step and returns its summary. Steps never overlap. */
  step(): Promise<StepSummary> {
    if (this.#state !== 'running')
      return Promise.reject(new NeuronError('NEURON_LIFECYCLE', `step(): the validator is ${this.#state}`));
    if (this.#running) return this.#running;
    this.#running = this.#runStep().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Steps until `close()` (or SIGINT/SIGTERM), pausing `stepIntervalMs` between them. A failed step is logged. */
  async run(): Promise<void> {
    while (this.#state === 'running') {
      try {
        await this.step();
      } catch (err) {
        if (this.#state !== 'running') break;
        this.log.error({ err }, 'step failed; the loop goes on');
      }
      if (this.#state !== 'running') break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.#o.stepIntervalMs ?? 12_000);
        this.#wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** @deprecated Use `close()` (one name for ending a resource); kept for existing code. */
  stop(): Promise<void> {
    return this.close();
  }

  /** Ends the loop after the step in flight (its state is saved), then closes the dendrite and the chain it opened. */
  close(): Promise<void> {
    if (this.#state === 'new') this.#state = 'stopped';
    this.#stopped ??= (async () => {
      this.#state = 'stopping';
      this.#offSignals?.();
      this.#offConnection?.();
      this.#wake?.();
      await this.#running?.catch(() => undefined);
      await this.#weights?.close();
      await this.#cadence?.close();
      await this.#dendrite?.close();
      if (this.#ownsClient) await this.#client?.close();
      this.#state = 'stopped';
      this.log.info({ step: this.#step }, 'validator stopped');
    })();
    return this.#stopped;
  }

  #restore(saved: ValidatorState | undefined, hotkey: string): void {
    const alpha = this.#o.alpha ?? 0.1;
    if (!saved) {
      this.#scores = new MovingScores(alpha);
      return;
    }
    if (saved.netuid !== this.netuid || saved.hotkey !== hotkey) {
      throw new NeuronError(
        'NEURON_STATE',
        `validator state ${this.#store?.path} belongs to subnet ${saved.netuid} hotkey ${saved.hotkey}, ` +
          `not subnet ${this.netuid} hotkey ${hotkey}: pass another statePath`,
      );
    }
    this.#scores = new MovingScores(alpha, saved);
    this.#step = saved.step;
  }

  /** After each metagraph sync: follow the subnet's hotkeys, re-read the weight rules. */
  async #afterSync(): Promise<void> {
    const reset = this.#scores!.align(this.metagraph.hotkeys);
    if (reset.length) this.log.info({ uids: reset }, 'hotkey changed: score reset for uids');
    const hp: SubnetHyperparams | null = await getSubnetHyperparams(this.#client!, this.netuid);
    if (!hp) throw new NeuronError('NEURON_CONFIG', `subnet ${this.netuid} does not exist on this chain`);
    this.#weights!.updateRules(hp);
  }

  async #runStep(): Promise<StepSummary> {
    const client = this.#client!;
    const metagraph = this.metagraph;
    const block = await getBlockNumber(client);
    try {
      await this.#cadence!.maybeSync(block, () => this.#afterSync());
    } catch (err) {
      this.log.warn({ err }, 'metagraph sync failed; this step uses the last synced state');
    }
    const step = this.#step + 1;
    const candidates = servingMinerUids(metagraph, this.#signer!.address);
    const uids = sampleUids(candidates, this.#o.sampleSize ?? 0, this.#o.random);
    const { rewards, answered } = await this.#query(step, block, uids);
    this.#scores!.update(uids, rewards);
    this.#step = step;
    await this.#save(block);

    // Weights go on chain beside the steps: a transaction stuck in the pool holds back no step (weight-setter.ts).
    const weights = await this.#weights!.tick(block, metagraph, this.uid, this.#scores!.scores);
    if (weights) await this.#save(block);
    await this.#weights!.revealDue();
    const weightsPendingSince = this.#weights!.pendingSince;

    const successes = answered;
    const meanScore = rewards.length ? rewards.reduce((a, b) => a + b, 0) / rewards.length : 0;
    const nextWeightsBlock = this.#weights!.dueAt(block);
    const summary: StepSummary = {
      step,
      block,
      uids,
      rewards,
      successes,
      meanScore,
      ...(weights ? { weights } : {}),
      ...(weightsPendingSince === undefined ? {} : { weightsPendingSince }),
      nextWeightsBlock,
    };
    this.log.info(
      { step, block, queried: uids.length, successes, meanScore, nextWeightsBlock, weightsPendingSince },
      `step ${step} block ${block}: ${uids.length} miners queried, ${successes} answered, mean score ${meanScore.toFixed(3)}, next weights at block ${nextWeightsBlock}`,
    );
    this.#o.onStep?.(summary);
    return summary;
  }

  /** Queries `uids` with this step's challenge: one reward per uid (0 for failures), and how many answered 200. */
  async #query(step: number, block: number, uids: number[]): Promise<{ rewards: number[]; answered: number }> {
    if (uids.length === 0) return { rewards: [], answered: 0 };
    const metagraph = this.metagraph;
    let challenge: C;
    try {
      challenge = await this.#o.challenge({ step, block, uids, metagraph });
    } catch (err) {
      this.log.error({ err, step }, 'challenge() threw; no miner is queried this step');
      return { rewards: uids.map(() => 0), answered: 0 };
    }
    const axons = uids.map((uid) => metagraph.axons[uid]!);
    const responses = await this.#dendrite!.forward(axons, this.#o.synapse, challenge.input, {
      timeout: this.#o.timeout ?? 12,
      deserialize: false,
    });
    let answered = 0;
    const rewards = await Promise.all(
      responses.map(async (response, i) => {
        const uid = uids[i] as number;
        if (response.dendrite.status_code !== 200) return 0;
        answered++;
        const ctx = { uid, hotkey: metagraph.hotkeys[uid] ?? '', processTime: response.dendrite.process_time ?? 0 };
        try {
          const r = await this.#o.reward(challenge, response, ctx);
          if (typeof r !== 'number' || !Number.isFinite(r) || r < 0) {
            this.log.warn({ uid, reward: r }, 'reward() returned a value that is not a finite number ≥ 0; scored 0');
            return 0;
          }
          return r;
        } catch (err) {
          this.log.error({ err, uid, step }, 'reward() threw; that miner scores 0 this step');
          return 0;
        }
      }),
    );
    return { rewards, answered };
  }

  #save(block: number): Promise<void> {
    const scores = this.#scores!;
    return this.#store!.save({
      netuid: this.netuid,
      hotkey: this.#signer!.address,
      step: this.#step,
      block,
      nextWeightsBlock: this.#weights!.retry ? 0 : this.#weights!.nextBlock,
      lastWeightsBlock: this.#weights!.lastBlock,
      scores: Array.from(scores.scores),
      hotkeys: [...scores.hotkeys],
    });
  }
}
