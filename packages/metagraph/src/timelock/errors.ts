import type { SubnetkitErrorParameters } from '@subnetkit/synapse';
import { MetagraphError } from '../errors.js';

/**
 * Why a timelocked commit cannot be built or would be dropped by the chain when it tries to reveal it:
 * - `framing`: the bytes are not a TLECiphertext (lengths, suite, U not a valid G2 point);
 * - `signature`: the round signature is not a valid G1 point, or not the beacon's signature for the given round;
 * - `u-check`: the decryption's consistency check failed (r·G2 ≠ U): the signature belongs to another round, or V/W
 *   were altered;
 * - `aes-tag`: the AES-GCM tag did not verify (body altered);
 * - `payload`: the plaintext is not a weights payload;
 * - `round`: a reveal round could not be chosen.
 */
export type TimelockFailure = 'framing' | 'signature' | 'u-check' | 'aes-tag' | 'payload' | 'round';

export class TimelockError extends MetagraphError {
  readonly reason: TimelockFailure;

  override name = 'TimelockError';

  constructor(reason: TimelockFailure, shortMessage: string, parameters?: SubnetkitErrorParameters) {
    super('METAGRAPH_TIMELOCK', shortMessage, parameters);
    this.reason = reason;
  }
}
