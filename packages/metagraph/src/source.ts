import type { ChainClient } from '@subnetkit/chain';
import { MetagraphError } from './errors.js';
import { type NeuronRecord, neuronFromJson } from './neuron.js';

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

interface RuntimeCallApi {
  call: { neuronInfoRuntimeApi?: Record<string, ((netuid: number) => Promise<{ toJSON(): unknown }>) | undefined> };
}

/**
 * Reads neurons through the chain's `NeuronInfoRuntimeApi` (`get_neurons_lite` / `get_neurons`), pinned to one block
 * hash so every column comes from the same state. Bounded by the client's read timeout and the signal.
 */
export function chainSource(client: ChainClient): MetagraphSource {
  return {
    neurons: (netuid, options) =>
      client.read(
        `reading the ${options.lite ? 'lite ' : ''}neurons of subnet ${netuid}`,
        async (api) => {
          let hash: string;
          let block: number;
          if (options.block === undefined) {
            const header = await api.rpc.chain.getHeader();
            hash = header.hash.toHex();
            block = header.number.toNumber();
          } else {
            block = options.block;
            const h = await api.rpc.chain.getBlockHash(block);
            if (h.isEmpty) {
              throw new MetagraphError('METAGRAPH_SYNC_FAILED', `block ${block} is not known to the node`);
            }
            hash = h.toHex();
          }
          const at = (await api.at(hash)) as unknown as RuntimeCallApi;
          const method = at.call.neuronInfoRuntimeApi?.[options.lite ? 'getNeuronsLite' : 'getNeurons'];
          if (!method) {
            throw new MetagraphError(
              'METAGRAPH_SYNC_FAILED',
              `the runtime at block ${block} has no NeuronInfoRuntimeApi.${options.lite ? 'get_neurons_lite' : 'get_neurons'}`,
            );
          }
          const raw = (await method(netuid)).toJSON();
          if (!Array.isArray(raw)) {
            throw new MetagraphError(
              'METAGRAPH_SYNC_FAILED',
              `unexpected neuron list from the chain for subnet ${netuid}`,
            );
          }
          return { block, neurons: raw.map(neuronFromJson) };
        },
        { signal: options.signal, timeoutMs: options.timeoutMs },
      ),
  };
}
