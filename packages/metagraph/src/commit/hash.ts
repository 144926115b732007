import { randomBytes } from 'node:crypto';
import { compactToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';
import { MetagraphError } from '../errors.js';

export interface WeightCommitInput {
  /** The committing hotkey: SS58 address or 32-byte public key. */
  hotkey: string | Uint8Array;
  netuid: number;
  uids: readonly number[];
  values: readonly number[];
  salt: readonly number[];
  versionKey: bigint | number;
}

function u16(value: number, what: string): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new MetagraphError('METAGRAPH_INVALID_INPUT', `${what} must be an integer in 0..65535, got ${value}`);
  }
  return Uint8Array.of(value & 0xff, value >> 8);
}

function vecU16(items: readonly number[], what: string): Uint8Array {
  return u8aConcat(compactToU8a(items.length), ...items.map((v, i) => u16(v, `${what}[${i}]`)));
}

function u64(value: bigint | number): Uint8Array {
  const v = BigInt(value);
  if (v < 0n || v > 0xffff_ffff_ffff_ffffn) {
    throw new MetagraphError('METAGRAPH_INVALID_INPUT', `version key must fit in a u64, got ${v}`);
  }
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, true);
  return out;
}

function accountId(hotkey: string | Uint8Array): Uint8Array {
  if (hotkey instanceof Uint8Array) {
    if (hotkey.length !== 32) {
      throw new MetagraphError('METAGRAPH_INVALID_INPUT', `hotkey public key must be 32 bytes, got ${hotkey.length}`);
    }
    return hotkey;
  }
  try {
    return decodeAddress(hotkey);
  } catch (cause) {
    throw new MetagraphError('METAGRAPH_INVALID_INPUT', `hotkey '${hotkey}' is not a valid SS58 address`, { cause });
  }
}

/** The SCALE encoding of `(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)` that the chain hashes. */
export function encodeWeightCommit(input: WeightCommitInput): Uint8Array {
  return u8aConcat(
    accountId(input.hotkey),
    u16(input.netuid, 'netuid'),
    vecU16(input.uids, 'uids'),
    vecU16(input.values, 'values'),
    vecU16(input.salt, 'salt'),
    u64(input.versionKey),
  );
}

/**
 * The commit_weights hash: blake2_256 over SCALE(hotkey, netuid, uids, values, salt, version_key), the tuple
 * subtensor's reveal_weights hashes (`BlakeTwo256::hash_of`) to find the commit. Returned as 0x-hex (H256).
 */
export function weightCommitHash(input: WeightCommitInput): `0x${string}` {
  return u8aToHex(blake2AsU8a(encodeWeightCommit(input), 256));
}

/** A fresh random salt of `length` u16 values (crypto-random; the Python SDK uses 8). */
export function randomSalt(length = 8): number[] {
  if (!Number.isInteger(length) || length < 1 || length > 64) {
    throw new MetagraphError('METAGRAPH_INVALID_INPUT', `salt length must be 1..64, got ${length}`);
  }
  const bytes = randomBytes(length * 2);
  return Array.from({ length }, (_, i) => bytes.readUInt16LE(i * 2));
}
