/**
 * @subnetkit/synapse: the Axon/Dendrite wire protocol of bittensor (Python SDK v8–v10), without I/O.
 * See README.md for the API and a runnable example.
 */

export { type AxonInfo, type PyAxonInfo, toPyAxonInfo } from './axon-info.js';
export { coerceField, emptyOf } from './coerce.js';
export {
  BASE_FIELD_NAMES,
  BaseSynapse,
  defineSynapse,
  type InferDeserialized,
  type InferInput,
  type InferSynapse,
  type Synapse,
  type SynapseBase,
  type SynapseDefinition,
  type SynapseDefinitionConfig,
  type SynapseInput,
} from './define.js';
export { defineSynapseFromJson } from './definition-json.js';
export {
  type EpistulaDraft,
  type EpistulaFailure,
  type EpistulaSigner,
  type EpistulaSignParams,
  type EpistulaVerdict,
  EpistulaVerifier,
  type EpistulaVerifierOptions,
  epistulaDraft,
  epistulaHeaders,
  epistulaHeadersFrom,
  epistulaMessage,
  epistulaSecretMessage,
} from './epistula.js';
export { MAX_ECHO, SynapseError, type SynapseErrorCode, shortText } from './errors.js';
export {
  type AnyField,
  Field,
  type FieldInput,
  type FieldKind,
  type FieldShape,
  type FieldSpec,
  type FieldValue,
  type ShapeInput,
  type ShapeValue,
  type TensorArray,
  type TensorValue,
  t,
} from './fields.js';
export { bodyHash, EMPTY_BODY_HASH, reprField, sha3Hex, strField } from './hash.js';
export {
  fromHeaders,
  type HeaderInput,
  type HeaderList,
  headerMap,
  headersToRecord,
  INPUT_OBJ_PLACEHOLDER,
  inputObjPlaceholder,
  type ToHeadersOptions,
  toFlatHeaders,
  toHeaders,
} from './headers.js';
export { intToIp, ipToInt, ipVersion } from './ip.js';
export { type JsonStyle, jsonFloat, jsonString, parseJson, stringifyJson } from './json.js';
export { decodeJsonBody, encodeJsonBody } from './json-body.js';
export { decodeMsgpackBody, encodeMsgpackBody, MSGPACK_CONTENT_TYPE } from './msgpack-body.js';
export {
  ALLOWED_DELTA_NS,
  type NonceCheck,
  NonceGenerator,
  NonceStore,
  type NonceStoreOptions,
  type NonceVerdict,
  type NsClock,
  resolveMaxTimeoutMs,
  V_7_2_0,
  wallClockNs,
} from './nonce.js';
export { isMarkedFloat, markFloat, PyFloat, pyFloat } from './py-float.js';
export { parsePyFloat, parsePyInt } from './py-number.js';
export { pyFloatRepr, pyIntRepr, pyRepr, pyStr, pyStrRepr } from './py-repr.js';
export { type CapturedRequest, captureRequests, parseRawRequest, type RawRequest } from './raw-request.js';
export { type AxonResponse, mergeResponse } from './response.js';
export {
  axonSignedMessage,
  looksLikeAddress,
  publicKeyOf,
  type RequestSignatureParts,
  type RequestVerification,
  requestMessage,
  signatureFromHex,
  signatureToHex,
  signatureVerifierReady,
  signedMessage,
  verifyRequestSignature,
  verifySignature,
} from './signing.js';
export { sr25519Ready, sr25519VerifyBytes, verifySr25519 } from './sr25519.js';
export {
  ERROR_STATUS,
  failedVerification,
  isBlacklist,
  isClientErrorStatus,
  isErrorStatus,
  isFailure,
  isHttpStatus,
  isSuccess,
  isTimeout,
  STATUS,
  STATUS_TABLE,
  type StatusErrorCode,
  type StatusName,
  statusOf,
} from './status.js';
export { SubnetkitError, type SubnetkitErrorParameters } from './subnetkit-error.js';
export { decodeTensorBuffer, encodeTensorBuffer, pythonTensor, tensor, tensorData } from './tensor.js';
export {
  parseTerminalInfo,
  TERMINAL_INFO_FIELDS,
  type TerminalField,
  type TerminalInfo,
  terminalInfo,
} from './terminal-info.js';
export { PROTOCOL_VERSION, versionAsInt } from './version.js';
