import {
  type DecodedTimelockPayload,
  decodeTimelockPayload,
  encodeTimelockPayload,
  type TimelockPayload,
} from './payload.js';
import { type DecryptOptions, type EncryptOptions, timelockDecrypt, timelockEncrypt } from './tle.js';

/** The chain's cap on a commit's size (`MAX_CRV3_COMMIT_SIZE_BYTES`). */
export const MAX_TIMELOCK_COMMIT_BYTES = 5000;

/**
 * The `commit` bytes of `commit_timelocked_(mechanism_)weights`: the SCALE weights payload, timelock-encrypted to
 * `round`.
 *
 * @example
 * const commit = encryptWeightsCommit({ hotkey: '5F...', uids: [1, 2], values: [65535, 32768], versionKey: 0n }, round);
 */
export function encryptWeightsCommit(
  payload: TimelockPayload,
  round: bigint | number,
  opts?: EncryptOptions,
): Uint8Array {
  return timelockEncrypt(encodeTimelockPayload(payload), round, opts);
}

/**
 * Decrypts a commit with its round's signature and decodes the weights, as the chain does when it reveals it. A
 * failure is a `TimelockError` whose `reason` names the step that would make the chain drop the commit.
 */
export function decryptWeightsCommit(
  commit: Uint8Array,
  signature: Uint8Array,
  opts?: DecryptOptions,
): DecodedTimelockPayload {
  return decodeTimelockPayload(timelockDecrypt(commit, signature, opts));
}
