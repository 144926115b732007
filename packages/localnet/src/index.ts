import './quiet-logs.js';

export {
  addStake,
  type CreateSubnetParameters,
  type CreateSubnetReturnType,
  createSubnet,
  MAX_START_CALL_BLOCKS,
  type RegisterNeuronsParameters,
  registerNeurons,
  startSubnet,
} from './bootstrap.js';
export {
  type ChainSpecOptions,
  type ChainSpecSource,
  type ResolvedChainSpec,
  resolveChainSpec,
} from './chain-spec.js';
export {
  DEFAULT_CHAIN_SPEC_URL,
  defaultCacheDir,
  PINNED_CHAIN_SPEC_NAME,
  PINNED_CHAIN_SPEC_SHA256,
} from './config.js';
export { type DownloadProgress, formatDownloadProgress } from './download.js';
export { blocksUntilNextEpoch, nextEpochBlock } from './epoch.js';
export { LocalnetError, type LocalnetErrorCode } from './errors.js';
export { DEV_GENESIS_PATCH } from './genesis.js';
export {
  DEV_SUBNET_DEFAULTS,
  type SubnetHyperparamsUpdate,
  type SudoOptions,
  setHyperparams,
  setNetworkRateLimit,
} from './hyperparams.js';
export {
  type BlockRef,
  type ForkTarget,
  Localnet,
  type LocalnetMode,
  type LocalnetOptions,
  parseForkTarget,
  type Snapshot,
  type StartProgress,
  type StorageValues,
  startLocalnet,
} from './localnet.js';
export { fetchRuntime, type RemoteRuntime } from './remote.js';
export type { LocalnetServer, ServeOptions } from './server.js';
