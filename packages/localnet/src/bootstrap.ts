/**
 * Helpers that make a local subnet usable in seconds: create it (with dev hyperparameters), wait out and send
 * `start_call`, burn-register many hotkeys in batched blocks, add stake. Every extrinsic goes through the shared
 * `@subnetkit/chain` client of the localnet, so failures come back as named ChainErrors.
 */
import {
  type AccountLike,
  ChainError,
  type ChainSigner,
  addStake as chainAddStake,
  findStorage,
  findTx,
  getBalance,
  getBurn,
  plain,
  registerNetwork,
  type SubmitResult,
  startCall,
  toKeyringPair,
} from '@subnetkit/chain';
import { LocalnetError } from './errors.js';
import {
  DEV_SUBNET_DEFAULTS,
  type SubnetHyperparamsUpdate,
  type SudoOptions,
  setHyperparams,
  setNetworkRateLimit,
} from './hyperparams.js';
import { devSudoKey } from './keys.js';
import type { Localnet } from './localnet.js';

const TAO = 1_000_000_000n;
/** Registrations per batched extrinsic: one block each; bounded by the block weight, not by us. */
const DEFAULT_BATCH = 64;

export interface CreateSubnetParameters extends SudoOptions {
  /** The owner coldkey: pays the lock cost. Default //Alice. */
  owner?: ChainSigner;
  /** The owner hotkey (uid 0). Default: the owner coldkey's address. */
  ownerHotkey?: AccountLike;
  /** Merged over DEV_SUBNET_DEFAULTS (tempo 10, weights rate limit 0, commit-reveal off, ...). */
  hyperparams?: SubnetHyperparamsUpdate;
  /** Wait out the start-call delay and send `start_call` (default true): emissions and epochs need it. */
  start?: boolean;
  /** Top up the owner when it cannot pay the lock cost (default true; localnet only). */
  fund?: boolean;
  /** Most blocks built to wait out the start-call delay; a longer wait is skipped in storage (see startSubnet). */
  maxStartCallBlocks?: number;
}

export interface CreateSubnetReturnType {
  netuid: number;
  /** Block of `start_call`, when sent. */
  startedAt?: number;
}

export async function createSubnet(
  net: Localnet,
  params: CreateSubnetParameters = {},
): Promise<CreateSubnetReturnType> {
  const client = await net.client();
  const sudoKey = params.sudoKey ?? (await devSudoKey());
  const owner = params.owner ?? sudoKey;
  const ownerAddress = toKeyringPair(owner).address;

  // Genesis registers subnets at block 0, so the default 7200-block network rate limit would refuse ours.
  if (Number(await readSubtensor(net, 'networkRateLimit')) !== 0) {
    await setNetworkRateLimit(client, 0, { sudoKey });
  }
  if (params.fund !== false) {
    const cost = await registrationCost(net);
    const { free } = await getBalance(client, ownerAddress);
    if (free < cost + 10n * TAO) await net.fund(ownerAddress, cost + 1000n * TAO);
  }
  const { netuid } = await registerNetwork(client, { coldkey: owner, hotkey: params.ownerHotkey ?? ownerAddress });
  await setHyperparams(client, netuid, { ...DEV_SUBNET_DEFAULTS, ...params.hyperparams }, { sudoKey });
  if (params.start === false) return { netuid };
  const startedAt = await startSubnet(net, netuid, owner, { maxBlocks: params.maxStartCallBlocks });
  return { netuid, startedAt };
}

/**
 * Beyond this many blocks, the start-call wait is skipped by a storage override rather than built out: on a mainnet
 * runtime the delay is days of blocks (DurationOfStartCall), while the spec-293 dev build waits 10.
 */
export const MAX_START_CALL_BLOCKS = 64;

/**
 * Sends `start_call` once the runtime allows it (DurationOfStartCall blocks after registration). Up to `maxBlocks`
 * (default MAX_START_CALL_BLOCKS) missing blocks are built; for a longer wait the call's effect is written to storage
 * instead (`FirstEmissionBlockNumber` = next block, `SubtokenEnabled` = true), with no `start_call` extrinsic.
 * Returns the first emission block.
 */
export async function startSubnet(
  net: Localnet,
  netuid: number,
  owner: ChainSigner,
  opts: { maxBlocks?: number } = {},
): Promise<number> {
  const client = await net.client();
  const registeredAt = Number(await readSubtensor(net, 'networkRegisteredAt', netuid));
  const delay = await startCallDelay(net);
  // The call lands in the next block: it must be at least registeredAt + delay.
  const missing = registeredAt + delay - (net.head().number + 1);
  if (missing > (opts.maxBlocks ?? MAX_START_CALL_BLOCKS)) return startInStorage(net, netuid);
  if (missing > 0) await net.newBlocks(missing);
  let res: SubmitResult;
  try {
    res = await startCall(client, { netuid, owner });
  } catch (err) {
    if (!(ChainError.is(err) && err.code === 'NeedWaitingMoreBlocksToStarCall')) throw err;
    await net.newBlocks(1); // the runtime counts one block differently from us; one more always suffices
    res = await startCall(client, { netuid, owner });
  }
  return res.blockNumber;
}

/** What `start_call` writes, written directly: emission from the next block on, subtoken (staking) enabled. */
async function startInStorage(net: Localnet, netuid: number): Promise<number> {
  const api = await net.api();
  const next = net.head().number + 1;
  const values: Record<string, unknown> = { FirstEmissionBlockNumber: [[[netuid], next]] };
  if (findStorage(api, 'subtensorModule', 'subtokenEnabled')) values.SubtokenEnabled = [[[netuid], true]];
  await net.setStorage({ SubtensorModule: values });
  return next;
}

export interface RegisterNeuronsParameters {
  netuid: number;
  /** Pays the burn and owns the hotkeys. */
  coldkey: ChainSigner;
  hotkeys: readonly AccountLike[];
  /** Registrations per extrinsic (utility.batch_all, one block each); default 64. */
  batchSize?: number;
  /** Top up the coldkey when it cannot pay the burns (default true; localnet only). */
  fund?: boolean;
}

/** Burn-registers hotkeys, `batchSize` per block; returns their uids in the order given. */
export async function registerNeurons(net: Localnet, params: RegisterNeuronsParameters): Promise<number[]> {
  const client = await net.client();
  const batchSize = params.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1024) {
    throw new LocalnetError('LOCALNET_INVALID_ARGUMENT', `batchSize must be 1..1024, got ${batchSize}`);
  }
  const hotkeys = params.hotkeys.map((h) => (typeof h === 'string' ? h : h.address));
  if (new Set(hotkeys).size !== hotkeys.length) {
    throw new LocalnetError('LOCALNET_INVALID_ARGUMENT', 'hotkeys must be distinct');
  }
  const burnedRegister = findTx(client.api, 'subtensorModule', 'burnedRegister');
  const batchAll = findTx(client.api, 'utility', 'batchAll');
  if (!burnedRegister || !batchAll) {
    throw new LocalnetError(
      'LOCALNET_INVALID_ARGUMENT',
      'this runtime lacks subtensorModule.burnedRegister or utility.batchAll',
    );
  }
  const coldAddress = toKeyringPair(params.coldkey).address;
  const uidOf = new Map<string, number>();
  for (let i = 0; i < hotkeys.length; i += batchSize) {
    const chunk = hotkeys.slice(i, i + batchSize);
    if (params.fund !== false) {
      // The burn can rise between registrations; keep a wide margin.
      const need = (await getBurn(client, params.netuid)) * BigInt(chunk.length) * 4n + 10n * TAO;
      const { free } = await getBalance(client, coldAddress);
      if (free < need) await net.fund(coldAddress, need + 100n * TAO);
    }
    const calls = chunk.map((hk) => burnedRegister(params.netuid, hk));
    const res = await client.submit(
      calls.length === 1 ? (calls[0] as (typeof calls)[0]) : batchAll(calls),
      params.coldkey,
    );
    for (const ev of res.events) {
      if (ev.section === 'subtensorModule' && ev.method === 'NeuronRegistered') {
        uidOf.set(String(ev.args[2]), Number(ev.args[1]));
      }
    }
  }
  return hotkeys.map((hk) => {
    const uid = uidOf.get(hk);
    if (uid === undefined) {
      throw new LocalnetError(
        'LOCALNET_EXTRINSIC_FAILED',
        `hotkey ${hk} was not registered (no NeuronRegistered event)`,
      );
    }
    return uid;
  });
}

/** Stakes `amount` rao of the coldkey's TAO onto a hotkey on a subnet. */
export function addStake(
  net: Localnet,
  params: { netuid: number; hotkey: AccountLike; coldkey: ChainSigner; amount: bigint },
): Promise<SubmitResult> {
  return net.client().then((client) => chainAddStake(client, params));
}

async function registrationCost(net: Localnet): Promise<bigint> {
  const api = await net.api();
  const call = (api.call as unknown as Record<string, Record<string, () => Promise<unknown>> | undefined>)
    .subnetRegistrationRuntimeApi?.getNetworkRegistrationCost;
  if (call) return BigInt(plain(await call()) as bigint | number);
  return 1000n * TAO; // NetworkMinLockCost at spec 293
}

/** DurationOfStartCall: a constant at spec 293; read from storage where a runtime keeps it there. */
async function startCallDelay(net: Localnet): Promise<number> {
  const api = await net.api();
  const consts = api.consts as unknown as Record<string, Record<string, unknown> | undefined>;
  const constant = consts.subtensorModule?.durationOfStartCall;
  if (constant !== undefined) return Number(plain(constant));
  const stored = findStorage(api, 'subtensorModule', 'startCallDelay');
  return stored ? Number(plain(await stored())) : 0;
}

async function readSubtensor(net: Localnet, item: string, ...args: unknown[]): Promise<unknown> {
  const api = await net.api();
  const fn = findStorage(api, 'subtensorModule', item);
  if (!fn) throw new LocalnetError('LOCALNET_INVALID_ARGUMENT', `this runtime has no SubtensorModule.${item}`);
  return plain(await fn(...args));
}
