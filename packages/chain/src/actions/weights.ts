import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { u8aToHex } from '@polkadot/util';
import type { ChainClient } from '../client.js';
import { ChainError } from '../errors.js';
import { findTx } from '../metadata.js';
import type { ChainSigner } from '../signer.js';
import { assertU16, type SubmitOptions, type SubmitResult, send } from './common.js';
import { buildNamedCallFrom } from './named-call.js';

interface WeightTarget {
  netuid: number;
  /** The validator's hotkey; it signs. */
  hotkey: ChainSigner;
  /**
   * Mechanism (sub-subnet) id, default 0. Runtimes with mechanisms get the `*_mechanism_*` calls (also for 0);
   * runtimes without them (the spec-293 localnet) get the plain calls, which only serve mechanism 0.
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

export interface CommitTimelockedWeightsParameters extends WeightTarget {
  /** The timelock-encrypted weights payload (see `encryptWeightsCommit` in @subnetkit/metagraph); at most 5000 bytes. */
  commit: Uint8Array;
  /** The drand round whose signature opens it. */
  revealRound: bigint;
  /** Must equal the chain's `CommitRevealWeightsVersion` (4 on current mainnet). */
  commitRevealVersion: number;
}

/** The number of subnets a mechanism's storage index steps over: state of mechanism m lives at m·4096 + netuid. */
export const GLOBAL_MAX_SUBNET_COUNT = 4096;

/** The key mechanism-aware storage uses for (netuid, mecid): `mecid·4096 + netuid` (`NetUidStorageIndex`). */
export function mechanismStorageIndex(netuid: number, mechanismId = 0): number {
  assertU16('netuid', netuid);
  assertMechanismId(mechanismId);
  if (netuid >= GLOBAL_MAX_SUBNET_COUNT) {
    throw new ChainError('InvalidNetuid', `netuid must be below ${GLOBAL_MAX_SUBNET_COUNT} to index mechanism state`, {
      kind: 'input',
    });
  }
  return mechanismId * GLOBAL_MAX_SUBNET_COUNT + netuid;
}

function assertMechanismId(mecid: number): void {
  if (!Number.isInteger(mecid) || mecid < 0 || mecid > 0xff) {
    throw new ChainError('InvalidMechanismId', `mechanismId must be an integer 0-255, got ${mecid}`, { kind: 'input' });
  }
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

type Txs = Pick<ApiPromise, 'tx'>;

/**
 * The call to use, read from the runtime's metadata: the mechanism-aware one wherever the runtime has it (as the
 * Python SDK does), else the plain one, which serves mechanism 0 only.
 */
function pick(api: Txs, plainName: string | undefined, mechanismName: string, mechanismId: number | undefined): string {
  const mecid = mechanismId ?? 0;
  assertMechanismId(mecid);
  if (findTx(api, 'subtensorModule', mechanismName)) return mechanismName;
  if (mecid === 0 && plainName && findTx(api, 'subtensorModule', plainName)) return plainName;
  throw new ChainError(
    'Unsupported',
    mecid === 0
      ? `this runtime has neither subtensorModule.${mechanismName} nor ${plainName ?? 'a plain variant'}`
      : `mechanism ${mecid} needs subtensorModule.${mechanismName}, which this runtime lacks (it has no mechanisms)`,
    { kind: 'unsupported' },
  );
}

/** The `set_weights` / `set_mechanism_weights` call, chosen and encoded from the runtime's metadata. */
export function setWeightsCall(
  api: Txs,
  params: Omit<SetWeightsParameters, 'hotkey'>,
): SubmittableExtrinsic<'promise'> {
  assertU16('netuid', params.netuid);
  checkVectors(params.uids, params.weights);
  const method = pick(api, 'setWeights', 'setMechanismWeights', params.mechanismId);
  return buildNamedCallFrom(api, 'subtensorModule', method, {
    netuid: params.netuid,
    mecid: params.mechanismId ?? 0,
    dests: [...params.uids],
    weights: [...params.weights],
    version_key: versionKeyOf(params.versionKey),
  });
}

/** The `commit_weights` / `commit_mechanism_weights` call. */
export function commitWeightsCall(
  api: Txs,
  params: Omit<CommitWeightsParameters, 'hotkey'>,
): SubmittableExtrinsic<'promise'> {
  assertU16('netuid', params.netuid);
  const hash = typeof params.commitHash === 'string' ? params.commitHash : u8aToHex(params.commitHash);
  if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) {
    throw new ChainError('InvalidCommitHash', 'commitHash must be 32 bytes (0x + 64 hex digits)', { kind: 'input' });
  }
  const method = pick(api, 'commitWeights', 'commitMechanismWeights', params.mechanismId);
  return buildNamedCallFrom(api, 'subtensorModule', method, {
    netuid: params.netuid,
    mecid: params.mechanismId ?? 0,
    commit_hash: hash,
  });
}

/** The `reveal_weights` / `reveal_mechanism_weights` call. */
export function revealWeightsCall(
  api: Txs,
  params: Omit<RevealWeightsParameters, 'hotkey'>,
): SubmittableExtrinsic<'promise'> {
  assertU16('netuid', params.netuid);
  checkVectors(params.uids, params.weights);
  for (const s of params.salt) assertU16('salt', s);
  const method = pick(api, 'revealWeights', 'revealMechanismWeights', params.mechanismId);
  return buildNamedCallFrom(api, 'subtensorModule', method, {
    netuid: params.netuid,
    mecid: params.mechanismId ?? 0,
    uids: [...params.uids],
    values: [...params.weights],
    salt: [...params.salt],
    version_key: versionKeyOf(params.versionKey),
  });
}

/** Whether the runtime takes timelocked (CRv4) weight commits at all. */
export function hasTimelockedCommits(api: Txs): boolean {
  return (
    findTx(api, 'subtensorModule', 'commitTimelockedMechanismWeights') !== undefined ||
    findTx(api, 'subtensorModule', 'commitTimelockedWeights') !== undefined
  );
}

/** The `commit_timelocked_weights` / `commit_timelocked_mechanism_weights` call. */
export function commitTimelockedWeightsCall(
  api: Txs,
  params: Omit<CommitTimelockedWeightsParameters, 'hotkey'>,
): SubmittableExtrinsic<'promise'> {
  assertU16('netuid', params.netuid);
  if (!(params.commit instanceof Uint8Array) || params.commit.length === 0 || params.commit.length > 5000) {
    throw new ChainError('InvalidCommit', 'commit must be 1-5000 bytes (a timelock ciphertext)', { kind: 'input' });
  }
  if (typeof params.revealRound !== 'bigint' || params.revealRound < 1n || params.revealRound >= 1n << 64n) {
    throw new ChainError('InvalidRevealRound', `revealRound must be a positive u64 bigint, got ${params.revealRound}`, {
      kind: 'input',
    });
  }
  assertU16('commitRevealVersion', params.commitRevealVersion);
  if (!hasTimelockedCommits(api)) {
    throw new ChainError(
      'Unsupported',
      'this runtime has no timelocked weight commits (commit_timelocked_weights): it predates commit-reveal v4',
      { kind: 'unsupported' },
    );
  }
  const method = pick(api, 'commitTimelockedWeights', 'commitTimelockedMechanismWeights', params.mechanismId);
  return buildNamedCallFrom(api, 'subtensorModule', method, {
    netuid: params.netuid,
    mecid: params.mechanismId ?? 0,
    // As hex: @polkadot/api reads a Uint8Array given for `Bytes` as already length-prefixed.
    commit: u8aToHex(params.commit),
    reveal_round: params.revealRound,
    commit_reveal_version: params.commitRevealVersion,
  });
}

/** Sets weights on a subnet (`set_weights`, or `set_mechanism_weights` where the runtime has it). Signed by the hotkey. */
export async function setWeights(
  client: ChainClient,
  params: SetWeightsParameters,
  opts?: SubmitOptions,
): Promise<SubmitResult> {
  return send(client, setWeightsCall(client.api, params), params.hotkey, opts);
}

/** Commits a weights hash (commit-reveal v2: `commit_weights` / `commit_mechanism_weights`). */
export async function commitWeights(
  client: ChainClient,
  params: CommitWeightsParameters,
  opts?: SubmitOptions,
): Promise<SubmitResult> {
  return send(client, commitWeightsCall(client.api, params), params.hotkey, opts);
}

/** Reveals committed weights (`reveal_weights` / `reveal_mechanism_weights`). */
export async function revealWeights(
  client: ChainClient,
  params: RevealWeightsParameters,
  opts?: SubmitOptions,
): Promise<SubmitResult> {
  return send(client, revealWeightsCall(client.api, params), params.hotkey, opts);
}

/**
 * Sends a timelocked (CRv4) weights commit. The chain reveals it by itself once the drand round's pulse is stored
 * (event `TimelockedWeightsRevealed`), or silently drops it; see @subnetkit/metagraph's timelocked strategy.
 */
export async function commitTimelockedWeights(
  client: ChainClient,
  params: CommitTimelockedWeightsParameters,
  opts?: SubmitOptions,
): Promise<SubmitResult> {
  return send(client, commitTimelockedWeightsCall(client.api, params), params.hotkey, opts);
}
