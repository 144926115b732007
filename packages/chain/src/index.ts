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
export { type NonceLease, type NonceOutcome, NonceTracker } from './nonce.js';
export { type ChainSigner, type RawSr25519Signer, toKeyringPair } from './signer.js';
export { type SubmitOptions, type SubmitResult, submit } from './submit.js';
