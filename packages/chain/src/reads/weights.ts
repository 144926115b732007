import type { ChainClient } from '../client.js';
import { storage } from '../metadata.js';
import { plain } from '../plain.js';
import { assertNetuid, assertUid, pinState, type ReadOptions } from './at.js';

/** A pending commit-reveal (v2) commit. */
export interface WeightCommit {
  /** blake2_256 of SCALE(hotkey, netuid, uids, values, salt, version_key). */
  hash: string;
  commitBlock: number;
  firstRevealBlock: number;
  lastRevealBlock: number;
}

/** The pending weight commits of `hotkey` on a subnet (`WeightCommits`), oldest first. */
export async function getWeightCommits(
  client: ChainClient,
  netuid: number,
  hotkey: string,
  opts: ReadOptions = {},
): Promise<WeightCommit[]> {
  assertNetuid(netuid);
  return client.read(
    `reading the weight commits of ${hotkey} on subnet ${netuid}`,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      const raw = plain(await storage(at, 'subtensorModule', 'weightCommits')(netuid, hotkey)) as Array<
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

/** The weights uid `uid` has set on a subnet, as `[uid, u16 weight]` pairs (max-upscaled by the chain). */
export async function getWeights(
  client: ChainClient,
  netuid: number,
  uid: number,
  opts: ReadOptions = {},
): Promise<Array<[number, number]>> {
  assertNetuid(netuid);
  assertUid(uid);
  return client.read(
    `reading the weights of uid ${uid} on subnet ${netuid}`,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      const raw = plain(await storage(at, 'subtensorModule', 'weights')(netuid, uid)) as Array<[number, number]>;
      return raw.map(([u, w]) => [Number(u), Number(w)] as [number, number]);
    },
    opts,
  );
}
