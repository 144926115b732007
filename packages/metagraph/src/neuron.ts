import { MetagraphError } from './errors.js';

/** An axon endpoint as the chain stores it (`AxonInfo`), with the IP as the chain's integer. */
export interface AxonRecord {
  block: number;
  version: number;
  /** IPv4 as u32 or IPv6 as u128 integer; 0 = not serving. */
  ip: bigint;
  port: number;
  /** 4 or 6; 0 when never served. */
  ipType: number;
  protocol: number;
}

/** One neuron as read from the chain, normalized from the runtime API's NeuronInfo / NeuronInfoLite. */
export interface NeuronRecord {
  uid: number;
  hotkey: string;
  coldkey: string;
  active: boolean;
  axon: AxonRecord;
  /** Sum of the neuron's stake entries, in rao (alpha units on a dynamic subnet). */
  stake: bigint;
  /** u16 fractions (0..65535) as stored on chain. */
  rank: number;
  trust: number;
  consensus: number;
  incentive: number;
  dividends: number;
  validatorTrust: number;
  pruningScore: number;
  /** Rao emitted to the neuron in the last epoch. */
  emission: bigint;
  lastUpdate: number;
  validatorPermit: boolean;
  /** Sparse (uid, u16) rows; only in a full sync. */
  weights?: [number, number][];
  bonds?: [number, number][];
}

const fail = (what: string, value: unknown): never => {
  throw new MetagraphError(
    'METAGRAPH_SYNC_FAILED',
    `unexpected neuron data from the chain: ${what} is ${JSON.stringify(value)?.slice(0, 80)}`,
  );
};

/** Integer from a decoded codec's JSON: a number, a decimal or 0x-hex string, or a bigint. */
export function toBigInt(value: unknown, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^(0x[0-9a-fA-F]+|\d+)$/.test(value)) return BigInt(value);
  return fail(what, value);
}

function toInt(value: unknown, what: string): number {
  const n = toBigInt(value, what);
  if (n < 0n || n > BigInt(Number.MAX_SAFE_INTEGER)) fail(what, value);
  return Number(n);
}

function toU16(value: unknown, what: string): number {
  const n = toInt(value, what);
  return n > 0xffff ? fail(what, value) : n;
}

function toStr(value: unknown, what: string): string {
  return typeof value === 'string' && value.length > 0 ? value : fail(what, value);
}

function toPairs(value: unknown, what: string): [number, number][] {
  if (!Array.isArray(value)) return fail(what, value);
  return value.map((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) return fail(`${what}[${i}]`, pair);
    return [toU16(pair[0], `${what}[${i}] uid`), toU16(pair[1], `${what}[${i}] value`)];
  });
}

function toAxon(value: unknown): AxonRecord {
  if (typeof value !== 'object' || value === null) return fail('axonInfo', value);
  const a = value as Record<string, unknown>;
  return {
    block: toInt(a.block, 'axonInfo.block'),
    version: toInt(a.version, 'axonInfo.version'),
    ip: toBigInt(a.ip, 'axonInfo.ip'),
    port: toU16(a.port, 'axonInfo.port'),
    ipType: toInt(a.ipType, 'axonInfo.ipType'),
    protocol: toInt(a.protocol, 'axonInfo.protocol'),
  };
}

/**
 * Normalizes one element of `NeuronInfoRuntimeApi.get_neurons(_lite)` as @polkadot/api's `toJSON()` gives it
 * (camelCase keys, small integers as numbers, large ones as hex strings). Unknown shapes fail with the field named.
 */
export function neuronFromJson(json: unknown): NeuronRecord {
  if (typeof json !== 'object' || json === null) return fail('neuron', json);
  const r = json as Record<string, unknown>;
  if (!Array.isArray(r.stake)) fail('stake', r.stake);
  let stake = 0n;
  for (const [i, entry] of (r.stake as unknown[]).entries()) {
    if (!Array.isArray(entry) || entry.length !== 2) fail(`stake[${i}]`, entry);
    stake += toBigInt((entry as unknown[])[1], `stake[${i}] amount`);
  }
  const neuron: NeuronRecord = {
    uid: toU16(r.uid, 'uid'),
    hotkey: toStr(r.hotkey, 'hotkey'),
    coldkey: toStr(r.coldkey, 'coldkey'),
    active: r.active === true,
    axon: toAxon(r.axonInfo),
    stake,
    rank: toU16(r.rank, 'rank'),
    trust: toU16(r.trust, 'trust'),
    consensus: toU16(r.consensus, 'consensus'),
    incentive: toU16(r.incentive, 'incentive'),
    dividends: toU16(r.dividends, 'dividends'),
    validatorTrust: toU16(r.validatorTrust, 'validatorTrust'),
    pruningScore: toU16(r.pruningScore, 'pruningScore'),
    emission: toBigInt(r.emission, 'emission'),
    lastUpdate: toInt(r.lastUpdate, 'lastUpdate'),
    validatorPermit: r.validatorPermit === true,
  };
  if (r.weights !== undefined) neuron.weights = toPairs(r.weights, 'weights');
  if (r.bonds !== undefined) neuron.bonds = toPairs(r.bonds, 'bonds');
  return neuron;
}
