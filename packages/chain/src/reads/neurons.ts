import type { ApiDecoration } from '@polkadot/api/types';
import type { ChainClient } from '../client.js';
import { ChainError } from '../errors.js';
import { findRuntimeApi, storage } from '../metadata.js';
import { plain } from '../plain.js';
import { assertNetuid, assertUid, pinState, type ReadOptions } from './at.js';
import { type AxonInfo, axonFromChain } from './axon.js';

/**
 * One neuron of a subnet. u16 scores (`rank`, `trust`, `consensus`, `incentive`, `dividends`, `validatorTrust`,
 * `pruningScore`) are raw 0-65535 fractions as the chain stores them; amounts are rao (bigint).
 */
export interface NeuronInfoLite {
  uid: number;
  netuid: number;
  hotkey: string;
  coldkey: string;
  active: boolean;
  /** null when the neuron never served an axon. */
  axon: AxonInfo | null;
  /** Total stake on this hotkey on this subnet (alpha, rao). */
  stake: bigint;
  stakeByColdkey: Array<{ coldkey: string; amount: bigint }>;
  rank: number;
  emission: bigint;
  incentive: number;
  consensus: number;
  trust: number;
  validatorTrust: number;
  dividends: number;
  lastUpdate: number;
  validatorPermit: boolean;
  pruningScore: number;
}

/** A neuron with its weights and bonds: `[uid, value]` pairs, u16. */
export interface NeuronInfo extends NeuronInfoLite {
  weights: Array<[number, number]>;
  bonds: Array<[number, number]>;
}

export interface NeuronsAt<T> {
  /** The block the state was read at (one block for all neurons). */
  block: number;
  hash: string;
  neurons: T[];
}

export interface NeuronReadOptions extends ReadOptions {
  /** `auto` (default): NeuronInfoRuntimeApi when the runtime has it, else storage. */
  source?: 'auto' | 'runtime-api' | 'storage';
}

interface RawNeuron {
  hotkey: string;
  coldkey: string;
  uid: number;
  netuid: number;
  active: boolean;
  axonInfo: Parameters<typeof axonFromChain>[0];
  stake: Array<[string, bigint]>;
  rank: number;
  emission: bigint;
  incentive: number;
  consensus: number;
  trust: number;
  validatorTrust: number;
  dividends: number;
  lastUpdate: bigint;
  validatorPermit: boolean;
  pruningScore: number;
  weights?: Array<[number, number]>;
  bonds?: Array<[number, number]>;
}

function fromRaw(raw: RawNeuron, full: boolean): NeuronInfoLite | NeuronInfo {
  const stakeByColdkey = raw.stake.map(([coldkey, amount]) => ({ coldkey, amount: BigInt(amount) }));
  const lite: NeuronInfoLite = {
    uid: raw.uid,
    netuid: raw.netuid,
    hotkey: raw.hotkey,
    coldkey: raw.coldkey,
    active: raw.active,
    axon: axonFromChain(raw.axonInfo),
    stake: stakeByColdkey.reduce((s, e) => s + e.amount, 0n),
    stakeByColdkey,
    rank: raw.rank,
    emission: BigInt(raw.emission),
    incentive: raw.incentive,
    consensus: raw.consensus,
    trust: raw.trust,
    validatorTrust: raw.validatorTrust,
    dividends: raw.dividends,
    lastUpdate: Number(raw.lastUpdate),
    validatorPermit: raw.validatorPermit,
    pruningScore: raw.pruningScore,
  };
  if (!full) return lite;
  const pairs = (v: Array<[number, number]> | undefined): Array<[number, number]> =>
    (v ?? []).map(([u, w]) => [Number(u), Number(w)]);
  return { ...lite, weights: pairs(raw.weights), bonds: pairs(raw.bonds) };
}

async function read(
  client: ChainClient,
  netuid: number,
  full: boolean,
  opts: NeuronReadOptions,
): Promise<NeuronsAt<NeuronInfoLite | NeuronInfo>> {
  assertNetuid(netuid);
  return client.read(
    `reading the ${full ? '' : 'lite '}neurons of subnet ${netuid}`,
    async (api) => {
      const { at, block, hash } = await pinState(api, opts.block);
      const source = opts.source ?? 'auto';
      const fn =
        source === 'storage'
          ? undefined
          : findRuntimeApi(at, 'neuronInfoRuntimeApi', full ? 'getNeurons' : 'getNeuronsLite');
      let raws: RawNeuron[];
      if (fn) {
        raws = plain(await fn(netuid)) as RawNeuron[];
      } else if (source === 'runtime-api') {
        throw new ChainError(
          'Unsupported',
          `this runtime has no NeuronInfoRuntimeApi.${full ? 'get_neurons' : 'get_neurons_lite'}`,
          { kind: 'unsupported' },
        );
      } else {
        raws = await fromStorage(at, netuid, full);
      }
      return { block, hash, neurons: raws.map((r) => fromRaw(r, full)) };
    },
    opts,
  );
}

/** All neurons of a subnet without weights and bonds (`get_neurons_lite`), read at one block. */
export async function getNeuronsLite(
  client: ChainClient,
  netuid: number,
  opts: NeuronReadOptions = {},
): Promise<NeuronsAt<NeuronInfoLite>> {
  return read(client, netuid, false, opts);
}

/** All neurons of a subnet with weights and bonds (`get_neurons`), read at one block. */
export async function getNeurons(
  client: ChainClient,
  netuid: number,
  opts: NeuronReadOptions = {},
): Promise<NeuronsAt<NeuronInfo>> {
  return read(client, netuid, true, opts) as Promise<NeuronsAt<NeuronInfo>>;
}

/** One neuron (lite), or null when the uid is not in use. */
export async function getNeuron(
  client: ChainClient,
  netuid: number,
  uid: number,
  opts: ReadOptions = {},
): Promise<NeuronInfoLite | null> {
  assertNetuid(netuid);
  assertUid(uid);
  return client.read(
    `reading neuron ${uid} of subnet ${netuid}`,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      const fn = findRuntimeApi(at, 'neuronInfoRuntimeApi', 'getNeuronLite');
      if (fn) {
        const raw = plain(await fn(netuid, uid)) as RawNeuron | null;
        return raw ? fromRaw(raw, false) : null;
      }
      const all = await fromStorage(at, netuid, false);
      const raw = all.find((n) => n.uid === uid);
      return raw ? fromRaw(raw, false) : null;
    },
    opts,
  );
}

/** The storage reads bittensor used before the runtime APIs existed: per-uid vectors plus per-hotkey maps. */
async function fromStorage(at: ApiDecoration<'promise'>, netuid: number, full: boolean): Promise<RawNeuron[]> {
  const q = (item: string) => storage(at, 'subtensorModule', item);
  const vec = async (item: string) => plain(await q(item)(netuid)) as unknown[];
  const [keyEntries, active, emission, rank, trust, consensus, incentive, dividends, pruning, vtrust, permit, last] =
    await Promise.all([
      q('keys').entries(netuid),
      vec('active'),
      vec('emission'),
      vec('rank'),
      vec('trust'),
      vec('consensus'),
      vec('incentive'),
      vec('dividends'),
      vec('pruningScores'),
      vec('validatorTrust'),
      vec('validatorPermit'),
      vec('lastUpdate'),
    ]);
  const hotkeys = new Map<number, string>();
  for (const [key, value] of keyEntries) hotkeys.set(Number(plain(key.args[1])), String(plain(value)));
  const uids = [...hotkeys.keys()].sort((a, b) => a - b);
  let weights = new Map<number, Array<[number, number]>>();
  let bonds = new Map<number, Array<[number, number]>>();
  if (full) {
    const [w, b] = await Promise.all([q('weights').entries(netuid), q('bonds').entries(netuid)]);
    const toMap = (entries: typeof w) =>
      new Map(entries.map(([k, v]) => [Number(plain(k.args[1])), plain(v) as Array<[number, number]>]));
    weights = toMap(w);
    bonds = toMap(b);
  }
  return Promise.all(
    uids.map(async (uid) => {
      const hotkey = hotkeys.get(uid) as string;
      const [coldkey, axon, alpha] = await Promise.all([
        q('owner')(hotkey),
        q('axons')(netuid, hotkey),
        q('totalHotkeyAlpha')(hotkey, netuid),
      ]);
      const owner = String(plain(coldkey));
      const n = (v: unknown[], fallback: unknown = 0) => v[uid] ?? fallback;
      return {
        hotkey,
        coldkey: owner,
        uid,
        netuid,
        active: Boolean(n(active, false)),
        axonInfo: plain(axon) as RawNeuron['axonInfo'],
        stake: [[owner, BigInt(plain(alpha) as bigint)]],
        rank: Number(n(rank)),
        emission: BigInt(n(emission, 0n) as bigint),
        incentive: Number(n(incentive)),
        consensus: Number(n(consensus)),
        trust: Number(n(trust)),
        validatorTrust: Number(n(vtrust)),
        dividends: Number(n(dividends)),
        lastUpdate: BigInt(n(last, 0n) as bigint),
        validatorPermit: Boolean(n(permit, false)),
        pruningScore: Number(n(pruning)),
        weights: weights.get(uid) ?? [],
        bonds: bonds.get(uid) ?? [],
      } satisfies RawNeuron;
    }),
  );
}
