export { toPyAxonInfo } from '@subnetkit/synapse';
export {
  type BurnedRegisterParameters,
  type BurnedRegisterReturnType,
  burnedRegister,
} from './actions/burned-register.js';
export { type AccountLike, findEvent } from './actions/common.js';
export { buildNamedCall, buildNamedCallFrom, type NamedCallFn, namedCallArgs } from './actions/named-call.js';
export { type ServeAxonParameters, serveAxon } from './actions/serve-axon.js';
export { addStake, removeStake, type StakeParameters } from './actions/stake.js';
export {
  type RegisterNetworkParameters,
  type RegisterNetworkReturnType,
  registerNetwork,
  startCall,
  sudo,
  transfer,
} from './actions/subnet.js';
export {
  type CommitTimelockedWeightsParameters,
  type CommitWeightsParameters,
  commitTimelockedWeights,
  commitTimelockedWeightsCall,
  commitWeights,
  commitWeightsCall,
  GLOBAL_MAX_SUBNET_COUNT,
  hasTimelockedCommits,
  mechanismStorageIndex,
  type RevealWeightsParameters,
  revealWeights,
  revealWeightsCall,
  type SetWeightsParameters,
  setWeights,
  setWeightsCall,
} from './actions/weights.js';
export { bounded, type CallOptions } from './bounded.js';
export {
  ChainClient,
  type ConnectionState,
  type ConnectOptions,
  isConnectionError,
  type NewHead,
  type ReconnectOptions,
} from './client.js';
export { decodeDispatchError, decodePoolError } from './decode-error.js';
export { NAMED_ENDPOINTS, resolveEndpoint } from './endpoints.js';
export { CUSTOM_TRANSACTION_ERRORS, ERROR_HINTS } from './error-table.js';
export { ChainError, type ChainErrorKind } from './errors.js';
export { type ChainEvent, toChainEvents } from './events.js';
export { assertServableIp, type IpInt, intToIp, ipToInt } from './ip.js';
export { findRuntimeApi, findStorage, findTx } from './metadata.js';
export { type NonceLease, type NonceOutcome, NonceTracker } from './nonce.js';
export { plain } from './plain.js';
export { type PinnedState, pinState, type ReadOptions } from './reads/at.js';
export { type AxonInfo, axonFromChain, getAxon, type PyAxonInfo } from './reads/axon.js';
export { type Balance, getBalance } from './reads/balance.js';
export { getBlockHash, getBlockNumber } from './reads/block.js';
export { getSubnetHyperparams, type HyperparamsReadOptions, type SubnetHyperparams } from './reads/hyperparams.js';
export { getMechagraph } from './reads/mechagraph.js';
export { getMechanismCount, type MechanismReadOptions, storageIndexFor } from './reads/mechanism.js';
export {
  getNeuron,
  getNeurons,
  getNeuronsLite,
  type NeuronInfo,
  type NeuronInfoLite,
  type NeuronReadOptions,
  type NeuronsAt,
} from './reads/neurons.js';
export { getHotkeyStake, getStake, getStakeInfoForColdkey, type StakeInfo } from './reads/stake.js';
export {
  getBurn,
  getHotkeyOwner,
  getNetuids,
  getSubnetN,
  getSubnetOwner,
  getTempo,
  getUid,
  type SubnetOwner,
  subnetExists,
} from './reads/subnet.js';
export { getWeightCommits, getWeights, type WeightCommit } from './reads/weights.js';
export {
  assertSignableRuntime,
  payloadSigner,
  SUBTENSOR_SIGNED_EXTENSIONS,
  signingPayload,
  unsupportedSignedExtensions,
} from './signed-extensions.js';
export { type ChainSigner, toKeyringPair } from './signer.js';
export { type SubmitOptions, type SubmitResult, submit } from './submit.js';
