import { compactFromU8a, compactToU8a, u8aConcat } from '@polkadot/util';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { TimelockError } from './errors.js';

/**
 * What a timelocked commit carries once decrypted: subtensor's `WeightsTlockPayload`, SCALE-encoded as
 * `hotkey: Vec<u8>` (the committer's 32-byte public key), `uids: Vec<u16>`, `values: Vec<u16>`, `version_key: u64`.
 * The chain drops a commit whose hotkey is not the account that sent it.
 */
export interface TimelockPayload {
  /** SS58 address or 32-byte public key of the committing hotkey. */
  hotkey: string | Uint8Array;
  uids: readonly number[];
  /** u16 weights, as set_weights takes them. */
  values: readonly number[];
  versionKey: bigint | number;
}

export interface DecodedTimelockPayload {
  /** The hotkey as an SS58 address (generic prefix 42). */
  hotkey: string;
  hotkeyPublicKey: Uint8Array;
  uids: number[];
  values: number[];
  versionKey: bigint;
}

function u16le(value: number, what: string): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new TimelockError('payload', `${what} must be an integer in 0..65535, got ${value}`);
  }
  return Uint8Array.of(value & 0xff, value >> 8);
}

function publicKeyOf(hotkey: string | Uint8Array): Uint8Array {
  if (hotkey instanceof Uint8Array) {
    if (hotkey.length !== 32) throw new TimelockError('payload', `hotkey must be 32 bytes, got ${hotkey.length}`);
    return hotkey;
  }
  try {
    return decodeAddress(hotkey);
  } catch (cause) {
    throw new TimelockError('payload', `hotkey '${hotkey}' is not a valid SS58 address`, { cause });
  }
}

export function encodeTimelockPayload(p: TimelockPayload): Uint8Array {
  if (p.uids.length !== p.values.length) {
    throw new TimelockError('payload', `uids (${p.uids.length}) and values (${p.values.length}) differ in length`);
  }
  const vk = BigInt(p.versionKey);
  if (vk < 0n || vk >= 1n << 64n) throw new TimelockError('payload', `version key must fit in a u64, got ${vk}`);
  const versionKey = new Uint8Array(8);
  new DataView(versionKey.buffer).setBigUint64(0, vk, true);
  const key = publicKeyOf(p.hotkey);
  return u8aConcat(
    compactToU8a(key.length),
    key,
    compactToU8a(p.uids.length),
    ...p.uids.map((u, i) => u16le(u, `uids[${i}]`)),
    compactToU8a(p.values.length),
    ...p.values.map((v, i) => u16le(v, `values[${i}]`)),
    versionKey,
  );
}

/** Reads a payload the way the chain does; a malformed one is a `TimelockError` with reason `payload`. */
export function decodeTimelockPayload(bytes: Uint8Array): DecodedTimelockPayload {
  let at = 0;
  const need = (n: number, what: string) => {
    if (at + n > bytes.length) {
      throw new TimelockError(
        'payload',
        `the payload ends inside ${what} (byte ${at}, needs ${n}, has ${bytes.length - at})`,
      );
    }
  };
  const compact = (what: string): number => {
    need(1, what);
    const [len, value] = compactFromU8a(bytes.subarray(at));
    at += len;
    if (at > bytes.length) throw new TimelockError('payload', `the payload ends inside the length of ${what}`);
    return value.toNumber();
  };
  const hotkeyLength = compact('hotkey');
  if (hotkeyLength !== 32) {
    throw new TimelockError('payload', `hotkey must be 32 bytes, the payload says ${hotkeyLength}`);
  }
  need(32, 'hotkey');
  const hotkeyPublicKey = bytes.slice(at, at + 32);
  at += 32;
  const vec = (what: string) => {
    const n = compact(what);
    need(2 * n, what);
    const out = Array.from(
      { length: n },
      (_, i) => (bytes[at + 2 * i] as number) | ((bytes[at + 2 * i + 1] as number) << 8),
    );
    at += 2 * n;
    return out;
  };
  const uids = vec('uids');
  const values = vec('values');
  need(8, 'version_key');
  const versionKey = new DataView(bytes.buffer, bytes.byteOffset + at, 8).getBigUint64(0, true);
  at += 8;
  if (uids.length !== values.length) {
    throw new TimelockError('payload', `uids (${uids.length}) and values (${values.length}) differ in length`);
  }
  return { hotkey: encodeAddress(hotkeyPublicKey), hotkeyPublicKey, uids, values, versionKey };
}
