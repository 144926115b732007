import {
  type ChainClient,
  ChainError,
  findStorage,
  getMechagraph,
  getNeurons,
  getNeuronsLite,
  storageIndexFor,
} from '@subnetkit/chain';
import { MetagraphError } from './errors.js';
import type { NeuronRecord } from './neuron.js';
import type { MetagraphSource } from './source.js';

/**
 * The metagraph of one mechanism (sub-subnet) of a subnet. Registration, keys, stake and axons are the subnet's, so
 * the neurons are read as `chainSource` reads them; what each mechanism has of its own — `incentive` and
 * `lastUpdate` (from `get_mechagraph(netuid, mecid)`) and, on a full sync, the `weights` and `bonds` rows (storage
 * keyed by `mecid·4096 + netuid`) — replaces the subnet-level values, all read at the same block. Mechanism 0 on a
 * runtime without mechanisms is the subnet itself; another mechanism there is refused with the reason.
 *
 * @example
 * const mg = new Metagraph(netuid, mechanismSource(client, 1));
 * await mg.sync();
 */
export function mechanismSource(client: ChainClient, mechanismId: number): MetagraphSource {
  if (!Number.isInteger(mechanismId) || mechanismId < 0 || mechanismId > 255) {
    throw new MetagraphError('METAGRAPH_INVALID_INPUT', `mechanismId must be an integer 0-255, got ${mechanismId}`);
  }
  return {
    async neurons(netuid, { lite, block, signal, timeoutMs }) {
      const opts = { block, signal, timeoutMs };
      const read = lite ? await getNeuronsLite(client, netuid, opts) : await getNeurons(client, netuid, opts);
      const at = { ...opts, block: read.block };
      const mech = await getMechagraph(client, netuid, { ...at, mechanismId });
      if (!mech) {
        throw new MetagraphError('METAGRAPH_SYNC_FAILED', `subnet ${netuid} has no mechanism ${mechanismId}`);
      }
      const hotkeys = mech.hotkeys as string[];
      const incentives = mech.incentives as number[];
      const lastUpdates = mech.lastUpdate as (number | bigint)[];
      const neurons: NeuronRecord[] = read.neurons.map((n) => {
        if (hotkeys[n.uid] !== n.hotkey) {
          // Both reads are pinned to one block, so this means the runtime's two views disagree: never mix them.
          throw new MetagraphError(
            'METAGRAPH_SYNC_FAILED',
            `mechanism ${mechanismId} of subnet ${netuid} lists ${hotkeys[n.uid]} at uid ${n.uid}, the neurons ${n.hotkey}`,
          );
        }
        return { ...n, incentive: Number(incentives[n.uid] ?? 0), lastUpdate: Number(lastUpdates[n.uid] ?? 0) };
      });
      if (!lite) await loadMechanismRows(client, netuid, mechanismId, read.block, neurons, opts);
      return { block: read.block, neurons };
    },
  };
}

/** Replaces each neuron's weight and bond rows with the mechanism's (`Weights`/`Bonds` at `mecid·4096 + netuid`). */
async function loadMechanismRows(
  client: ChainClient,
  netuid: number,
  mechanismId: number,
  block: number,
  neurons: NeuronRecord[],
  opts: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined },
): Promise<void> {
  await client.read(
    `reading the weights and bonds of subnet ${netuid} mechanism ${mechanismId}`,
    async (api) => {
      const at = await api.at(await api.rpc.chain.getBlockHash(block));
      const index = storageIndexFor(at, netuid, mechanismId);
      const rows = async (item: string) => {
        const fn = findStorage(at, 'subtensorModule', item) as
          | { entries(index: number): Promise<[{ args: unknown[] }, { toJSON(): unknown }][]> }
          | undefined;
        if (!fn)
          throw new ChainError('Unsupported', `the runtime has no SubtensorModule.${item}`, { kind: 'unsupported' });
        const byUid = new Map<number, [number, number][]>();
        for (const [key, value] of await fn.entries(index)) {
          const uid = Number(String(key.args[1]));
          byUid.set(
            uid,
            ((value.toJSON() as [number, number][] | null) ?? []).map(([u, w]) => [Number(u), Number(w)]),
          );
        }
        return byUid;
      };
      const [weights, bonds] = await Promise.all([rows('weights'), rows('bonds')]);
      for (const n of neurons) {
        n.weights = weights.get(n.uid) ?? [];
        n.bonds = bonds.get(n.uid) ?? [];
      }
    },
    opts,
  );
}
