/**
 * @subnetkit/dendrite: the validator's client for bittensor axons (Python SDK v8–v10 wire protocol), on undici.
 * See README.md for the API and a runnable example.
 */
export type { AxonTarget } from './axon-target.js';
export { Dendrite } from './dendrite.js';
export { DendriteError, type DendriteErrorCode, type DendriteFailureCode } from './errors.js';
export { type FramingFactory, rawFraming, type StreamFraming, textFraming } from './framing.js';
export {
  type CallOptions,
  type DendriteOptions,
  dendriteDefaults,
  type HotkeySource,
  type StreamOptions,
} from './options.js';
export type { BodyFormat, Scheme } from './request.js';
export { failureCause } from './synapse-failure.js';
