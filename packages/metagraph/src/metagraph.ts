import type { AxonInfo } from '@subnetkit/chain';
import { MetagraphError } from './errors.js';
import type { NeuronRecord } from './neuron.js';
import { type PeriodicSync, type PeriodicSyncOptions, startPeriodicSync } from './periodic.js';
import type { MetagraphSource, NeuronsAt } from './source.js';
import { formatTable } from './table.js';
import { U16_MAX } from './weights/convert.js';

/**
 * A neuron's axon as the metagraph shows it: the one `AxonInfo` (the chain's record; all zeros and ip `0.0.0.0` when
 * the neuron never served) plus whose it is and whether it serves, as Python's metagraph gives them.
 */
export interface NeuronAxon extends AxonInfo {
  hotkey: string;
  coldkey: string;
  /** True once the neuron has published an address (ip != 0). */
  isServing: boolean;
}

export interface SyncOptions {
  /** Lite (default) skips weights and bonds; `lite: false` reads them too. */
  lite?: boolean;
  /** Read the state at this block instead of the best block. */
  block?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** One neuron as `toJSON()` writes it (rao amounts as decimal strings, u16 fractions as floats). */
export interface NeuronJSON {
  uid: number;
  hotkey: string;
  coldkey: string;
  stake: string;
  rank: number;
  trust: number;
  consensus: number;
  incentive: number;
  dividends: number;
  emission: string;
  validatorTrust: number;
  validatorPermit: boolean;
  active: boolean;
  lastUpdate: number;
  axon: NeuronAxon;
  /** Raw sparse (uid, u16) rows, full sync only. */
  weights?: [number, number][];
  bonds?: [number, number][];
}

export interface MetagraphJSON {
  netuid: number;
  block: number;
  n: number;
  lite: boolean;
  neurons: NeuronJSON[];
}

const axonOf = (n: NeuronRecord): NeuronAxon => ({
  hotkey: n.hotkey,
  coldkey: n.coldkey,
  ip: n.axon?.ip ?? '0.0.0.0',
  port: n.axon?.port ?? 0,
  ipType: n.axon?.ipType ?? 0,
  protocol: n.axon?.protocol ?? 0,
  version: n.axon?.version ?? 0,
  block: n.axon?.block ?? 0,
  placeholder1: n.axon?.placeholder1 ?? 0,
  placeholder2: n.axon?.placeholder2 ?? 0,
  isServing: n.axon !== null,
});

/**
 * A subnet's state (its neurons and their consensus results) at one block, as columns indexed by uid.
 *
 * Column types: u16 fractions the chain stores (rank, trust, consensus, incentive, dividends, validatorTrust,
 * pruningScore) are `Float64Array`s of value / 65535; rao amounts (stake, emission) are `BigUint64Array`s, exact (a
 * float64 loses rao precision above ~9 million TAO); flags (validatorPermit, active) are `Uint8Array`s of 0/1;
 * lastUpdate is a `Float64Array` of block numbers. After a full sync, `weights[i]` is validator i's weight row over all
 * n uids normalized to sum 1 (as bittensor's metagraph.W) and `bonds[i]` its bond row as u16 / 65535.
 *
 * A sync replaces every column at once, so a reader never sees a half-updated metagraph.
 *
 * @example
 * const mg = new Metagraph(2, chainSource(client));
 * await mg.sync();
 * console.log(mg.toTable());
 */
export class Metagraph {
  readonly netuid: number;
  readonly source: MetagraphSource | undefined;
  /** Block the state was read at; 0 before the first sync. */
  block = 0;
  lite = true;
  n = 0;
  uids = new Uint16Array(0);
  hotkeys: string[] = [];
  coldkeys: string[] = [];
  stake = new BigUint64Array(0);
  emission = new BigUint64Array(0);
  rank = new Float64Array(0);
  trust = new Float64Array(0);
  consensus = new Float64Array(0);
  incentive = new Float64Array(0);
  dividends = new Float64Array(0);
  validatorTrust = new Float64Array(0);
  pruningScore = new Float64Array(0);
  validatorPermit = new Uint8Array(0);
  active = new Uint8Array(0);
  lastUpdate = new Float64Array(0);
  axons: NeuronAxon[] = [];
  /** Full sync only (empty after a lite sync). */
  weights: Float64Array[] = [];
  bonds: Float64Array[] = [];
  #neurons: NeuronRecord[] = [];
  #uidByHotkey = new Map<string, number>();
  #syncing: Promise<this> | undefined;

  constructor(netuid: number, source?: MetagraphSource) {
    if (!Number.isInteger(netuid) || netuid < 0 || netuid > U16_MAX) {
      throw new MetagraphError('METAGRAPH_INVALID_INPUT', `netuid must be an integer in 0..65535, got ${netuid}`);
    }
    this.netuid = netuid;
    this.source = source;
  }

  /** Builds a metagraph from neurons already read (e.g. a cached snapshot). */
  static fromNeurons(netuid: number, data: NeuronsAt, lite: boolean): Metagraph {
    const mg = new Metagraph(netuid);
    mg.#load(data, lite);
    return mg;
  }

  /**
   * Reads the subnet from the source and replaces the columns. Syncs never overlap: a call made while one runs waits
   * for it and then reads again, so the result is never older than the call.
   */
  sync(options: SyncOptions = {}): Promise<this> {
    const source = this.source;
    if (!source) {
      return Promise.reject(
        new MetagraphError(
          'METAGRAPH_NOT_SYNCED',
          'this metagraph has no source to sync from (pass one to the constructor)',
        ),
      );
    }
    if (this.#syncing) {
      // Never two reads at once: wait for the running one, then read again with these options.
      return this.#syncing.catch(() => undefined).then(() => this.sync(options));
    }
    const lite = options.lite ?? true;
    const run = (async () => {
      try {
        const data = await source.neurons(this.netuid, {
          lite,
          block: options.block,
          signal: options.signal,
          timeoutMs: options.timeoutMs,
        });
        this.#load(data, lite);
        return this;
      } catch (err) {
        if (err instanceof MetagraphError) throw err;
        throw new MetagraphError(
          'METAGRAPH_SYNC_FAILED',
          `syncing the metagraph of subnet ${this.netuid} failed: ${(err as Error)?.message ?? String(err)}`,
          { cause: err },
        );
      } finally {
        this.#syncing = undefined;
      }
    })();
    this.#syncing = run;
    return run;
  }

  /** Syncs every `intervalMs` until stopped or the signal aborts; see `startPeriodicSync`. */
  startPeriodicSync(options: PeriodicSyncOptions): PeriodicSync {
    return startPeriodicSync(this, options);
  }

  #load(data: NeuronsAt, lite: boolean): void {
    const neurons = [...data.neurons].sort((a, b) => a.uid - b.uid);
    neurons.forEach((neuron, i) => {
      if (neuron.uid !== i) {
        throw new MetagraphError(
          'METAGRAPH_SYNC_FAILED',
          `subnet ${this.netuid} returned uids that are not 0..n-1 (found ${neuron.uid} at position ${i})`,
        );
      }
    });
    const n = neurons.length;
    const frac = (pick: (x: NeuronRecord) => number) => Float64Array.from(neurons, (x) => pick(x) / U16_MAX);
    const weights: Float64Array[] = [];
    const bonds: Float64Array[] = [];
    if (!lite) {
      for (const neuron of neurons) {
        const w = new Float64Array(n);
        let sum = 0;
        for (const [uid, value] of neuron.weights ?? []) {
          if (uid < n) {
            w[uid] = value;
            sum += value;
          }
        }
        if (sum > 0) for (let j = 0; j < n; j++) w[j] = (w[j] as number) / sum;
        weights.push(w);
        const b = new Float64Array(n);
        for (const [uid, value] of neuron.bonds ?? []) if (uid < n) b[uid] = value / U16_MAX;
        bonds.push(b);
      }
    }
    // Everything is computed above; assign together so readers never see a mix of two syncs.
    this.block = data.block;
    this.lite = lite;
    this.n = n;
    this.uids = Uint16Array.from(neurons, (x) => x.uid);
    this.hotkeys = neurons.map((x) => x.hotkey);
    this.coldkeys = neurons.map((x) => x.coldkey);
    this.stake = BigUint64Array.from(neurons, (x) => x.stake);
    this.emission = BigUint64Array.from(neurons, (x) => x.emission);
    this.rank = frac((x) => x.rank);
    this.trust = frac((x) => x.trust);
    this.consensus = frac((x) => x.consensus);
    this.incentive = frac((x) => x.incentive);
    this.dividends = frac((x) => x.dividends);
    this.validatorTrust = frac((x) => x.validatorTrust);
    this.pruningScore = frac((x) => x.pruningScore);
    this.validatorPermit = Uint8Array.from(neurons, (x) => (x.validatorPermit ? 1 : 0));
    this.active = Uint8Array.from(neurons, (x) => (x.active ? 1 : 0));
    this.lastUpdate = Float64Array.from(neurons, (x) => x.lastUpdate);
    this.axons = neurons.map(axonOf);
    this.weights = weights;
    this.bonds = bonds;
    this.#neurons = neurons;
    this.#uidByHotkey = new Map(neurons.map((x) => [x.hotkey, x.uid]));
  }

  /** The uid of a hotkey (SS58), or undefined if it is not registered on this subnet. */
  uidOf(hotkey: string): number | undefined {
    return this.#uidByHotkey.get(hotkey);
  }

  /** Raw sparse (uid, u16) weight rows as the chain stores them (full sync only). */
  rawWeights(uid: number): [number, number][] | undefined {
    return this.#neurons[uid]?.weights;
  }

  /** Raw sparse (uid, u16) bond rows (full sync only). */
  rawBonds(uid: number): [number, number][] | undefined {
    return this.#neurons[uid]?.bonds;
  }

  toJSON(): MetagraphJSON {
    return {
      netuid: this.netuid,
      block: this.block,
      n: this.n,
      lite: this.lite,
      neurons: this.#neurons.map((x, i) => {
        const json: NeuronJSON = {
          uid: x.uid,
          hotkey: x.hotkey,
          coldkey: x.coldkey,
          stake: x.stake.toString(),
          rank: this.rank[i] as number,
          trust: this.trust[i] as number,
          consensus: this.consensus[i] as number,
          incentive: this.incentive[i] as number,
          dividends: this.dividends[i] as number,
          emission: x.emission.toString(),
          validatorTrust: this.validatorTrust[i] as number,
          validatorPermit: x.validatorPermit,
          active: x.active,
          lastUpdate: x.lastUpdate,
          axon: this.axons[i] as NeuronAxon,
        };
        if (!this.lite) {
          json.weights = x.weights ?? [];
          json.bonds = x.bonds ?? [];
        }
        return json;
      }),
    };
  }

  /** An aligned text table, one row per uid (amounts in units of 1e9 rao). */
  toTable(): string {
    return formatTable(this);
  }
}
