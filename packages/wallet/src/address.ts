import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { WalletError } from './errors.js';

/** Bittensor uses the generic substrate SS58 prefix. */
export const SS58_FORMAT = 42;

/** True when `address` is a checksummed SS58 address of a 32-byte public key (any prefix). */
export function isValidSs58(address: string): boolean {
  if (typeof address !== 'string' || address.length === 0 || address.startsWith('0x')) return false;
  try {
    return decodeAddress(address).length === 32;
  } catch {
    return false;
  }
}

/**
 * Echo an address back in an error only when it looks like one: a user who pastes a mnemonic or seed into the
 * address field must not see it printed into logs.
 */
export function describeInput(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  return /^[1-9A-HJ-NP-Za-km-z]{1,60}$/.test(value) ? JSON.stringify(value) : `a ${value.length}-character string`;
}

/** The 32-byte public key inside an SS58 address; throws `WALLET_INVALID_ADDRESS` on a bad checksum or length. */
export function ss58ToPublicKey(address: string): Uint8Array {
  if (!isValidSs58(address)) {
    throw new WalletError('WALLET_INVALID_ADDRESS', `not a valid SS58 address: ${describeInput(address)}`);
  }
  return decodeAddress(address);
}

/** SS58 (format 42 unless given) of a 32-byte public key. */
export function publicKeyToSs58(publicKey: Uint8Array, ss58Format: number = SS58_FORMAT): string {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) {
    throw new WalletError('WALLET_INVALID_ADDRESS', 'public key must be 32 bytes');
  }
  return encodeAddress(publicKey, ss58Format);
}
