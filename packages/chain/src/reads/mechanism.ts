import { mechanismStorageIndex } from '../actions/weights.js';
import type { ChainClient } from '../client.js';
import { ChainError } from '../errors.js';
import { findStorage } from '../metadata.js';
import { plain } from '../plain.js';
import { assertNetuid, pinState, type ReadOptions } from './at.js';

export interface MechanismReadOptions extends ReadOptions {
  /** Mechanism (sub-subnet) id; default 0. */
  mechanismId?: number;
}

/**
 * How many mechanisms a subnet runs (`MechanismCountCurrent`); 1 on runtimes without mechanisms (no such storage).
 */
export async function getMechanismCount(client: ChainClient, netuid: number, opts: ReadOptions = {}): Promise<number> {
  assertNetuid(netuid);
  return client.read(
    `reading the mechanism count of subnet ${netuid}`,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      const item = findStorage(at, 'subtensorModule', 'mechanismCountCurrent');
      return item ? Number(plain(await item(netuid))) : 1;
    },
    opts,
  );
}

/**
 * The first storage key of mechanism-keyed state (Weights, LastUpdate, WeightCommits, TimelockedWeightCommits...):
 * `mecid·4096 + netuid` on runtimes with mechanisms, the netuid itself otherwise (where only mechanism 0 exists).
 */
export function storageIndexFor(at: Parameters<typeof findStorage>[0], netuid: number, mechanismId = 0): number {
  const index = mechanismStorageIndex(netuid, mechanismId);
  if (mechanismId !== 0 && !findStorage(at, 'subtensorModule', 'mechanismCountCurrent')) {
    throw new ChainError('Unsupported', `mechanism ${mechanismId} asked for, but this runtime has no mechanisms`, {
      kind: 'unsupported',
    });
  }
  return index;
}
