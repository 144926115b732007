import type { ChainClient } from '../client.js';
import { storage } from '../metadata.js';
import { plain } from '../plain.js';
import { assertNetuid, assertUid, pinState } from './at.js';
import { type MechanismReadOptions, storageIndexFor } from './mechanism.js';

/** A pending commit-reveal (v2) commit. */
export interface WeightCommit {
  /** blake2_256 of SCALE(hotkey, netuid, uids, values, salt, version_key). */
  hash: string;
  commitBlock: number;
  firstRevealBlock: number;
  lastRevealBlock: number;
}

/** The pending weight commits of `hotkey` on a subnet's mechanism (`WeightCommits`), oldest first. */
export async function getWeightCommits(
  client: ChainClient,
  netuid: number,
  hotkey: string,
  opts: MechanismReadOptions = {},
): Promise<WeightCommit[]> {
  assertNetuid(netuid);
  return client.read(
    `reading the weight commits of ${hotkey} on subnet ${netuid}`,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      const index = storageIndexFor(at, netuid, opts.mechanismId);
      const raw = plain(await storage(at, 'subtensorModule', 'weightCommits')(index, hotkey)) as Array<
        [string, bigint, bigint, bigint]
      > | null;
      return (raw ?? []).map(([hash, commitBlock, first, last]) => ({
        hash,
        commitBlock: Number(commitBlock),
        firstRevealBlock: Number(first),
        lastRevealBlock: Number(last),
      }));
    },
    opts,
  );
}

/** The weights uid `uid` has set on a subnet's mechanism (default 0), as `[uid, u16 weight]` pairs (max-upscaled by the chain). */
export async function getWeights(
  client: ChainClient,
  netuid: number,
  uid: number,
  opts: MechanismReadOptions = {},
): Promise<Array<[number, number]>> {
  assertNetuid(netuid);
  assertUid(uid);
  return client.read(
    `reading the weights of uid ${uid} on subnet ${netuid}`,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      const index = storageIndexFor(at, netuid, opts.mechanismId);
      const raw = plain(await storage(at, 'subtensorModule', 'weights')(index, uid)) as Array<[number, number]>;
      return raw.map(([u, w]) => [Number(u), Number(w)] as [number, number]);
    },
    opts,
  );
}
