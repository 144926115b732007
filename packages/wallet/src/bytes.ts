import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';
import { WalletError } from './errors.js';

const encoder = new TextEncoder();

/**
 * Message bytes for signing: a string is ALWAYS its UTF-8 bytes. (polkadot-js's u8aToU8a would treat a string that
 * looks like hex as hex, which would make `sign('0x12')` sign one byte instead of four.)
 */
export function messageBytes(message: string | Uint8Array): Uint8Array {
  if (typeof message === 'string') return encoder.encode(message);
  if (message instanceof Uint8Array) return message;
  throw new WalletError('WALLET_INVALID_INPUT', `message must be a string or Uint8Array, got ${typeof message}`);
}

/** Parses `0x`-prefixed (or bare) hex of an exact byte length. `what` names the value in the error. */
export function parseHex(value: string, length: number | undefined, what: string): Uint8Array {
  const hex = value.startsWith('0x') || value.startsWith('0X') ? `0x${value.slice(2)}` : `0x${value}`;
  if (!isHex(hex) || hex.length % 2 !== 0) {
    throw new WalletError('WALLET_INVALID_INPUT', `${what} is not valid hex`);
  }
  const bytes = hexToU8a(hex.toLowerCase());
  if (length !== undefined && bytes.length !== length) {
    throw new WalletError('WALLET_INVALID_INPUT', `${what} must be ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

export const toHex = (bytes: Uint8Array): string => u8aToHex(bytes);

/** Overwrites a buffer holding secret material once it is no longer needed. */
export function wipe(...buffers: (Uint8Array | undefined)[]): void {
  for (const b of buffers) b?.fill(0);
}
