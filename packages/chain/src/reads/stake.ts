import type { ChainClient } from '../client.js';
import { findRuntimeApi, storage, unsupported } from '../metadata.js';
import { plain } from '../plain.js';
import { assertNetuid, pinState, type ReadOptions } from './at.js';

/** Total stake (alpha, rao) on `hotkey` on subnet `netuid`, from all coldkeys (`TotalHotkeyAlpha`). */
export async function getHotkeyStake(
  client: ChainClient,
  hotkey: string,
  netuid: number,
  opts: ReadOptions = {},
): Promise<bigint> {
  assertNetuid(netuid);
  return client.read(
    `reading the stake of ${hotkey} on subnet ${netuid}`,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      return BigInt(plain(await storage(at, 'subtensorModule', 'totalHotkeyAlpha')(hotkey, netuid)) as bigint);
    },
    opts,
  );
}

export interface StakeInfo {
  hotkey: string;
  coldkey: string;
  netuid: number;
  /** Alpha stake, rao. */
  stake: bigint;
  locked: bigint;
  emission: bigint;
  taoEmission?: bigint;
  drain: bigint;
  isRegistered: boolean;
}

interface RawStakeInfo extends Omit<StakeInfo, 'taoEmission'> {
  taoEmission?: bigint;
}

/** Every (hotkey, subnet) stake position of a coldkey, through `StakeInfoRuntimeApi.get_stake_info_for_coldkey`. */
export async function getStakeInfoForColdkey(
  client: ChainClient,
  coldkey: string,
  opts: ReadOptions = {},
): Promise<StakeInfo[]> {
  return client.read(
    `reading the stake of coldkey ${coldkey}`,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      const fn = findRuntimeApi(at, 'stakeInfoRuntimeApi', 'getStakeInfoForColdkey');
      if (!fn) return [];
      return (plain(await fn(coldkey)) as RawStakeInfo[]).map(normalise);
    },
    opts,
  );
}

/**
 * The stake one coldkey has on one hotkey on one subnet (alpha, rao; 0 when none), through
 * `StakeInfoRuntimeApi.get_stake_info_for_hotkey_coldkey_netuid`.
 */
export async function getStake(
  client: ChainClient,
  params: { hotkey: string; coldkey: string; netuid: number },
  opts: ReadOptions = {},
): Promise<bigint> {
  const { hotkey, coldkey, netuid } = params;
  assertNetuid(netuid);
  return client.read(
    `reading the stake of ${coldkey} on ${hotkey} (subnet ${netuid})`,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      const fn = findRuntimeApi(at, 'stakeInfoRuntimeApi', 'getStakeInfoForHotkeyColdkeyNetuid');
      if (!fn) throw unsupported('runtime API StakeInfoRuntimeApi.get_stake_info_for_hotkey_coldkey_netuid');
      const info = plain(await fn(hotkey, coldkey, netuid)) as RawStakeInfo | null;
      return info ? BigInt(info.stake) : 0n;
    },
    opts,
  );
}

function normalise(s: RawStakeInfo): StakeInfo {
  return {
    ...s,
    netuid: Number(s.netuid),
    stake: BigInt(s.stake),
    locked: BigInt(s.locked),
    emission: BigInt(s.emission),
    drain: BigInt(s.drain),
  };
}
