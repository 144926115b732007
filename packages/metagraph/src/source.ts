import { type ChainClient, getNeurons, getNeuronsLite } from '@subnetkit/chain';
import type { NeuronRecord } from './neuron.js';

export interface NeuronsAt {
  /** Block the neurons were read at. */
  block: number;
  neurons: NeuronRecord[];
}

export interface NeuronReadOptions {
  lite: boolean;
  block?: number | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/** Where a metagraph reads its neurons from. `chainSource` is the usual one; tests and caches can bring their own. */
export interface MetagraphSource {
  neurons(netuid: number, options: NeuronReadOptions): Promise<NeuronsAt>;
}

/**
 * Reads neurons with the chain client (`NeuronInfoRuntimeApi.get_neurons_lite` / `get_neurons`, storage as a
 * fallback), pinned to one block so every column comes from the same state.
 */
export function chainSource(client: ChainClient): MetagraphSource {
  return {
    async neurons(netuid, { lite, block, signal, timeoutMs }) {
      const opts = { block, signal, timeoutMs };
      const read = lite ? await getNeuronsLite(client, netuid, opts) : await getNeurons(client, netuid, opts);
      return { block: read.block, neurons: read.neurons };
    },
  };
}
