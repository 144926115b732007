import { u8aToHex } from '@polkadot/util';
import type { ChainClient } from '../client.js';
import { ChainError } from '../errors.js';
import type { ChainSigner } from '../signer.js';
import { assertU16, type SubmitOptions, type SubmitResult, send } from './common.js';
import { buildNamedCall } from './named-call.js';

interface WeightTarget {
  netuid: number;
  /** The validator's hotkey; it signs. */
  hotkey: ChainSigner;
  /**
   * Mechanism (sub-subnet) id on runtimes that have mechanisms; 0 or absent uses the plain calls, which every runtime
   * has. A non-zero id needs the `*_mechanism_*` calls.
   */
  mechanismId?: number;
}

export interface SetWeightsParameters extends WeightTarget {
  uids: readonly number[];
  /** u16 weights (the chain max-upscales them; see @subnetkit/metagraph for float conversion). */
  weights: readonly number[];
  /** Must be >= the subnet's weightsVersion hyperparameter; default 0. */
  versionKey?: bigint;
}

export interface CommitWeightsParameters extends WeightTarget {
  /** blake2_256 of SCALE(hotkey, netuid, uids, values, salt, version_key), 32 bytes. */
  commitHash: Uint8Array | string;
}

export interface RevealWeightsParameters extends WeightTarget {
  uids: readonly number[];
  weights: readonly number[];
  salt: readonly number[];
  versionKey?: bigint;
}

function checkVectors(uids: readonly number[], weights: readonly number[]): void {
  if (uids.length !== weights.length) {
    throw new ChainError(
      'WeightVecNotEqualSize',
      `uids (${uids.length}) and weights (${weights.length}) must have the same length`,
      { kind: 'input' },
    );
  }
  const seen = new Set<number>();
  for (const u of uids) {
    assertU16('uid', u);
    if (seen.has(u)) throw new ChainError('DuplicateUids', `uid ${u} appears twice`, { kind: 'input' });
    seen.add(u);
  }
  for (const w of weights) assertU16('weight', w);
}

function versionKeyOf(v: bigint | undefined): bigint {
  const key = v ?? 0n;
  if (typeof key !== 'bigint' || key < 0n || key >= 1n << 64n) {
    throw new ChainError('InvalidVersionKey', `versionKey must be a u64 bigint, got ${String(v)}`, { kind: 'input' });
  }
  return key;
}

/** The call name to use: the mechanism-aware one only when a non-zero mechanism is asked for. */
function pick(client: ChainClient, plainName: string, mechanismName: string, mechanismId: number | undefined): string {
  const mecid = mechanismId ?? 0;
  assertU16('mechanismId', mecid);
  if (mecid === 0 && client.hasCall('subtensorModule', plainName)) return plainName;
  if (client.hasCall('subtensorModule', mechanismName)) return mechanismName;
  throw new ChainError(
    'Unsupported',
    mecid === 0
      ? `this runtime has neither subtensorModule.${plainName} nor ${mechanismName}`
      : `mechanism ${mecid} needs subtensorModule.${mechanismName}, which this runtime (spec ${client.specVersion}) lacks`,
    { kind: 'unsupported' },
  );
}

/** Sets weights on a subnet (`set_weights`, or `set_mechanism_weights` for a mechanism). Signed by the hotkey. */
export async function setWeights(
  client: ChainClient,
  params: SetWeightsParameters,
  opts?: SubmitOptions,
): Promise<SubmitResult> {
  assertU16('netuid', params.netuid);
  checkVectors(params.uids, params.weights);
  const method = pick(client, 'setWeights', 'setMechanismWeights', params.mechanismId);
  const call = buildNamedCall(client, 'subtensorModule', method, {
    netuid: params.netuid,
    mecid: params.mechanismId ?? 0,
    dests: [...params.uids],
    weights: [...params.weights],
    version_key: versionKeyOf(params.versionKey),
  });
  return send(client, call, params.hotkey, opts);
}

/** Commits a weights hash (commit-reveal v2: `commit_weights` / `commit_mechanism_weights`). */
export async function commitWeights(
  client: ChainClient,
  params: CommitWeightsParameters,
  opts?: SubmitOptions,
): Promise<SubmitResult> {
  assertU16('netuid', params.netuid);
  const hash = typeof params.commitHash === 'string' ? params.commitHash : u8aToHex(params.commitHash);
  if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) {
    throw new ChainError('InvalidCommitHash', 'commitHash must be 32 bytes (0x + 64 hex digits)', { kind: 'input' });
  }
  const method = pick(client, 'commitWeights', 'commitMechanismWeights', params.mechanismId);
  const call = buildNamedCall(client, 'subtensorModule', method, {
    netuid: params.netuid,
    mecid: params.mechanismId ?? 0,
    commit_hash: hash,
  });
  return send(client, call, params.hotkey, opts);
}

/** Reveals committed weights (`reveal_weights` / `reveal_mechanism_weights`). */
export async function revealWeights(
  client: ChainClient,
  params: RevealWeightsParameters,
  opts?: SubmitOptions,
): Promise<SubmitResult> {
  assertU16('netuid', params.netuid);
  checkVectors(params.uids, params.weights);
  for (const s of params.salt) assertU16('salt', s);
  const method = pick(client, 'revealWeights', 'revealMechanismWeights', params.mechanismId);
  const call = buildNamedCall(client, 'subtensorModule', method, {
    netuid: params.netuid,
    mecid: params.mechanismId ?? 0,
    uids: [...params.uids],
    values: [...params.weights],
    salt: [...params.salt],
    version_key: versionKeyOf(params.versionKey),
  });
  return send(client, call, params.hotkey, opts);
}
