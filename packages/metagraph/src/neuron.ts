import type { NeuronInfoLite } from '@subnetkit/chain';

/**
 * One neuron as a metagraph source delivers it: the chain client's `NeuronInfoLite` (u16 scores raw 0..65535, rao
 * as bigint, axon null when never served), plus the sparse `[uid, u16]` weight and bond rows of a full read.
 */
export type NeuronRecord = NeuronInfoLite & {
  weights?: Array<[number, number]>;
  bonds?: Array<[number, number]>;
};
