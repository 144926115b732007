/**
 * A miner: the hotkey, an Axon and the metagraph, with the lifecycle the Python subnet template gives a miner.
 * `start()` checks the hotkey is registered, starts the axon, publishes it with serve_axon (skipped when the chain
 * already holds the same ip/port/protocol), and resyncs the metagraph every `syncEveryBlocks` blocks. Callers are
 * checked against the metagraph (see caller-policy.ts) and served by stake. `close()` (also on SIGINT/SIGTERM) stops
 * accepting, lets in-flight forwards finish within `shutdownTimeoutMs`, and closes the chain connection it opened.
 */
import {
  type AttachOptions,
  Axon,
  type AxonOptions,
  type BlacklistVerdict,
  type ForwardFn,
  type HookContext,
} from '@subnetkit/axon';
import { type ChainClient, getAxon, serveAxon } from '@subnetkit/chain';
import { chainSource, Metagraph } from '@subnetkit/metagraph';
import type { FieldShape, Synapse, SynapseDefinition } from '@subnetkit/synapse';
import type { Signer } from '@subnetkit/wallet';
import type { Logger } from 'pino';
import { BlockCadence } from './block-cadence.js';
import { type CallerPolicyOptions, metagraphBlacklist, stakePriority } from './caller-policy.js';
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

type MaybePromise<T> = T | Promise<T>;

/** Python's `blacklist_fn(synapse) -> (bool, reason)`: runs after the default checks pass. */
export type BlacklistFn = (synapse: Synapse<FieldShape>, ctx: HookContext) => MaybePromise<BlacklistVerdict>;
/** Python's `priority_fn(synapse) -> float`: replaces the default priority (the caller's stake). */
export type PriorityFn = (synapse: Synapse<FieldShape>, ctx: HookContext) => MaybePromise<number>;

export interface MinerOptions extends KeyOptions, ChainOptions, LogOptions, CallerPolicyOptions {
  netuid: number;
  /** Address the axon binds. Default `0.0.0.0`. */
  axonIp?: string;
  /** Port the axon listens on. Default 8091; 0 picks a free one. */
  axonPort?: number;
  /** Address published on chain. Default `axonIp`. */
  externalIp?: string;
  /** Port published on chain. Default the listening port. */
  externalPort?: number;
  /** Further Axon options (limits, timeouts, rate limit, ...). */
  axon?: Omit<AxonOptions, 'signer' | 'wallet' | 'ip' | 'port' | 'externalIp' | 'externalPort' | 'logger'>;
  /** Extra blacklist for every synapse, after the default checks. */
  blacklist?: BlacklistFn;
  /** Priority for every synapse instead of the caller's stake. */
  priority?: PriorityFn;
  /** Resync the metagraph (registrations, stake, permits) when this many blocks have passed. Default 100. */
  syncEveryBlocks?: number;
  /** Publish the axon with serve_axon on start. Default true. */
  serve?: boolean;
  /** How long in-flight forwards may finish on stop. Default 10 000 ms. */
  shutdownTimeoutMs?: number;
  /** Stop on SIGINT/SIGTERM. Default true. */
  handleSignals?: boolean;
}

interface Route {
  def: SynapseDefinition<FieldShape, unknown>;
  forward: ForwardFn<FieldShape>;
  hooks: AttachOptions<FieldShape>;
}

/**
 * @example
 * const miner = new Miner({ netuid: 2, endpoint: 'ws://127.0.0.1:9944', walletName: 'miner', axonPort: 8091 });
 * miner.attach(Dummy, (s) => { s.output = s.input * 2; return s; });
 * await miner.start(); // Ctrl-C stops it gracefully
 */
export class Miner {
  readonly netuid: number;
  readonly log: Logger;
  readonly #options: MinerOptions;
  readonly #routes: Route[] = [];
  #metagraph: Metagraph | undefined;
  #axon: Axon | undefined;
  #client: ChainClient | undefined;
  #ownsClient = false;
  #cadence: BlockCadence | undefined;
  #signer: (Signer & { address: string }) | undefined;
  #offSignals: (() => void) | undefined;
  #state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';
  #stopped: Promise<void> | undefined;

  constructor(options: MinerOptions) {
    this.netuid = assertNetuid(options.netuid);
    this.#options = options;
    this.log = makeLogger('miner', options);
  }

  /** Serves `def` with `forward`; per-synapse `blacklist` runs after the defaults, `priority` replaces them. */
  attach<S extends FieldShape, D>(
    def: SynapseDefinition<S, D>,
    forward: ForwardFn<S>,
    hooks: AttachOptions<S> = {},
  ): this {
    const route = {
      def: def as unknown as SynapseDefinition<FieldShape, unknown>,
      forward: forward as unknown as ForwardFn<FieldShape>,
      hooks: hooks as unknown as AttachOptions<FieldShape>,
    };
    this.#routes.push(route);
    if (this.#axon) this.#attachTo(this.#axon, route);
    return this;
  }

  get metagraph(): Metagraph {
    if (!this.#metagraph) throw new NeuronError('NEURON_LIFECYCLE', 'the miner has not started');
    return this.#metagraph;
  }

  get axon(): Axon {
    if (!this.#axon) throw new NeuronError('NEURON_LIFECYCLE', 'the miner has not started');
    return this.#axon;
  }

  get hotkey(): string | undefined {
    return this.#signer?.address;
  }

  /** This miner's uid on the subnet (from the last metagraph sync). */
  get uid(): number | undefined {
    return this.#signer && this.#metagraph?.uidOf(this.#signer.address);
  }

  async start(): Promise<this> {
    if (this.#state !== 'new') throw new NeuronError('NEURON_LIFECYCLE', `start(): the miner is ${this.#state}`);
    this.#state = 'starting';
    const o = this.#options;
    try {
      this.#signer = await resolveHotkey(o);
      const { client, owned } = await openChain(o);
      this.#client = client;
      this.#ownsClient = owned;
      const metagraph = new Metagraph(this.netuid, chainSource(client));
      this.#metagraph = metagraph;
      await metagraph.sync({ lite: true });
      const uid = metagraph.uidOf(this.#signer.address);
      if (uid === undefined) {
        throw new NeuronError(
          'NEURON_NOT_REGISTERED',
          `hotkey ${this.#signer.address} is not registered on subnet ${this.netuid}: register it first ` +
            `(subnetkit subnet register --netuid ${this.netuid} ...)`,
        );
      }
      const axon = new Axon({
        ...o.axon,
        signer: this.#signer,
        ip: o.axonIp ?? '0.0.0.0',
        port: o.axonPort ?? 8091,
        ...(o.externalIp !== undefined ? { externalIp: o.externalIp } : {}),
        ...(o.externalPort !== undefined ? { externalPort: o.externalPort } : {}),
        stopTimeoutMs: o.shutdownTimeoutMs ?? 10_000,
        logger: this.log.child({ component: 'axon' }),
      });
      for (const route of this.#routes) this.#attachTo(axon, route);
      await axon.start();
      this.#axon = axon;
      if (o.serve !== false) await this.#serve(client);
      this.#cadence = new BlockCadence(metagraph, o.syncEveryBlocks ?? 100);
      this.#cadence.follow(client, {
        onSynced: () => this.log.debug({ block: metagraph.block, n: metagraph.n }, 'metagraph synced'),
        onError: (err) => this.log.warn({ err }, 'metagraph sync failed; retrying at the next block'),
      });
      if (o.handleSignals !== false) {
        this.#offSignals = onShutdownSignal((signal) => {
          this.log.info({ signal }, 'stopping');
          void this.close();
        });
      }
      this.#state = 'running';
      this.log.info(
        { uid, hotkey: this.#signer.address, port: axon.port, synapses: axon.synapses, block: metagraph.block },
        'miner started',
      );
      return this;
    } catch (err) {
      this.#state = 'running'; // let close() release what was opened
      await this.close();
      throw err;
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

  /** Stops accepting, lets in-flight forwards finish (up to `shutdownTimeoutMs`), closes what start() opened. */
  close(): Promise<void> {
    if (this.#state === 'new') this.#state = 'stopped';
    this.#stopped ??= (async () => {
      this.#state = 'stopping';
      this.#offSignals?.();
      await this.#cadence?.close();
      await this.#axon?.close();
      if (this.#ownsClient) await this.#client?.close();
      this.#state = 'stopped';
      this.log.info('miner stopped');
    })();
    return this.#stopped;
  }

  #attachTo(axon: Axon, route: Route): void {
    const o = this.#options;
    const defaults = metagraphBlacklist(this.metagraph, o);
    const byStake = stakePriority(this.metagraph);
    const userBlacklist = route.hooks.blacklist ?? o.blacklist;
    const priority = route.hooks.priority ?? o.priority;
    axon.attach(route.def, route.forward, {
      ...route.hooks,
      blacklist: async (synapse, ctx) => {
        const verdict = defaults(synapse, ctx);
        if (blocked(verdict) || !userBlacklist) return verdict;
        return userBlacklist(synapse, ctx);
      },
      priority: priority ?? byStake,
    });
  }

  async #serve(client: ChainClient): Promise<void> {
    const axon = this.axon;
    const info = axon.info();
    const signer = this.#signer!;
    if (info.ip === '0.0.0.0' || info.ip === '::') {
      throw new NeuronError(
        'NEURON_CONFIG',
        `the axon binds ${info.ip}, which cannot be published on chain: set externalIp (--external-ip) to the ` +
          'address validators reach this miner at, or serve: false',
      );
    }
    const current = await getAxon(client, this.netuid, signer.address);
    if (current && current.ip === info.ip && current.port === info.port && current.protocol === info.protocol) {
      this.log.info({ ip: info.ip, port: info.port }, 'axon already published on chain; serve_axon skipped');
      return;
    }
    const res = await serveAxon(client, {
      netuid: this.netuid,
      hotkey: signer as Parameters<typeof serveAxon>[1]['hotkey'],
      ip: info.ip,
      port: info.port,
      protocol: info.protocol,
    });
    this.log.info({ ip: info.ip, port: info.port, block: res.blockNumber }, 'axon published with serve_axon');
  }
}

function blocked(v: BlacklistVerdict): boolean {
  return typeof v === 'boolean' ? v : v[0];
}
