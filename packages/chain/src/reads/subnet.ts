import type { ChainClient } from '../client.js';
import { findStorage, storage } from '../metadata.js';
import { plain } from '../plain.js';
import { assertNetuid, pinState, type ReadOptions } from './at.js';

async function item(
  client: ChainClient,
  what: string,
  name: string,
  args: unknown[],
  opts: ReadOptions,
): Promise<unknown> {
  return client.read(
    what,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      return plain(await storage(at, 'subtensorModule', name)(...args));
    },
    opts,
  );
}

/** Whether subnet `netuid` exists (`NetworksAdded`). */
export async function subnetExists(client: ChainClient, netuid: number, opts: ReadOptions = {}): Promise<boolean> {
  assertNetuid(netuid);
  return Boolean(await item(client, `checking subnet ${netuid}`, 'networksAdded', [netuid], opts));
}

/** The netuids of all existing subnets, ascending. */
export async function getNetuids(client: ChainClient, opts: ReadOptions = {}): Promise<number[]> {
  return client.read(
    'listing the subnets',
    async (api) => {
      const { at } = await pinState(api, opts.block);
      const entries = await storage(at, 'subtensorModule', 'networksAdded').entries();
      return entries
        .filter(([, v]) => plain(v) === true)
        .map(([k]) => Number(plain(k.args[0])))
        .sort((a, b) => a - b);
    },
    opts,
  );
}

export interface SubnetOwner {
  coldkey: string;
  /** Absent on runtimes without `SubnetOwnerHotkey`. */
  hotkey?: string;
}

/** The owner coldkey (and hotkey) of a subnet, or null when it does not exist. */
export async function getSubnetOwner(
  client: ChainClient,
  netuid: number,
  opts: ReadOptions = {},
): Promise<SubnetOwner | null> {
  assertNetuid(netuid);
  return client.read(
    `reading the owner of subnet ${netuid}`,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      if (!plain(await storage(at, 'subtensorModule', 'networksAdded')(netuid))) return null;
      const coldkey = String(plain(await storage(at, 'subtensorModule', 'subnetOwner')(netuid)));
      const hk = findStorage(at, 'subtensorModule', 'subnetOwnerHotkey');
      return hk ? { coldkey, hotkey: String(plain(await hk(netuid))) } : { coldkey };
    },
    opts,
  );
}

/** Number of neurons (uids in use) on a subnet. */
export async function getSubnetN(client: ChainClient, netuid: number, opts: ReadOptions = {}): Promise<number> {
  assertNetuid(netuid);
  return Number(await item(client, `reading the size of subnet ${netuid}`, 'subnetworkN', [netuid], opts));
}

/** The subnet's tempo (blocks between epochs, minus one). */
export async function getTempo(client: ChainClient, netuid: number, opts: ReadOptions = {}): Promise<number> {
  assertNetuid(netuid);
  return Number(await item(client, `reading the tempo of subnet ${netuid}`, 'tempo', [netuid], opts));
}

/** The current burn cost of `burned_register` on a subnet, rao. */
export async function getBurn(client: ChainClient, netuid: number, opts: ReadOptions = {}): Promise<bigint> {
  assertNetuid(netuid);
  return BigInt((await item(client, `reading the burn of subnet ${netuid}`, 'burn', [netuid], opts)) as bigint);
}

/** The uid of `hotkey` on a subnet, or null when it is not registered there. */
export async function getUid(
  client: ChainClient,
  netuid: number,
  hotkey: string,
  opts: ReadOptions = {},
): Promise<number | null> {
  assertNetuid(netuid);
  const v = await item(client, `reading the uid of ${hotkey} on subnet ${netuid}`, 'uids', [netuid, hotkey], opts);
  return v === null || v === undefined ? null : Number(v);
}

/** The coldkey that owns `hotkey` (`Owner`); null when the hotkey was never registered. */
export async function getHotkeyOwner(
  client: ChainClient,
  hotkey: string,
  opts: ReadOptions = {},
): Promise<string | null> {
  const v = String(await item(client, `reading the owner of ${hotkey}`, 'owner', [hotkey], opts));
  // The storage default is the all-zero account.
  return v === '5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM' ? null : v;
}

/**
 * Whether subnet `netuid` is started (`SubtokenEnabled`, set by its owner's start_call): staking on it is refused
 * until then. Undefined on runtimes without `SubtokenEnabled` (before dynamic TAO every subnet took stake).
 */
export async function isSubnetStarted(
  client: ChainClient,
  netuid: number,
  opts: ReadOptions = {},
): Promise<boolean | undefined> {
  assertNetuid(netuid);
  return client.read(
    `checking whether subnet ${netuid} is started`,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      const enabled = findStorage(at, 'subtensorModule', 'subtokenEnabled');
      return enabled ? Boolean(plain(await enabled(netuid))) : undefined;
    },
    opts,
  );
}
