/**
 * @subnetkit/axon: the miner's HTTP server, wire-compatible with Python bittensor axons and dendrites.
 * See README.md for the API and a runnable example.
 */
export { Axon } from './axon.js';
export { axonDefaults } from './defaults.js';
export { AxonError, type AxonErrorCode, type AxonRequestCode, RequestRejected } from './errors.js';
export type { AxonMetrics } from './metrics.js';
export type {
  AttachOptions,
  AxonInfo,
  AxonOptions,
  BlacklistVerdict,
  ForwardContext,
  ForwardFn,
  HookContext,
  StreamChunk,
} from './options.js';
export type { RateLimitOptions } from './rate-limit.js';
export { RedisNonceStore, type RedisNonceStoreOptions, type ReplayStore } from './redis-nonce-store.js';
