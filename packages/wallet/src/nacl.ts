/**
 * `$NACL` keyfile encryption (btwallet's default): `b"$NACL"` ‖ 24-byte nonce ‖ secretbox (16-byte Poly1305 MAC ‖
 * XSalsa20 ciphertext), keyed by Argon2i v1.3 over the password with the fixed salt.
 */
import { randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';
import { wipe } from './bytes.js';
import { KeyfileCorruptError, WrongPasswordError } from './errors.js';
import { type Argon2iParams, deriveKey, NACL_KDF, NACL_SALT } from './kdf.js';
import type { SlowCryptoOptions } from './progress.js';

export const NACL_PREFIX = new TextEncoder().encode('$NACL');
const NONCE_BYTES = nacl.secretbox.nonceLength; // 24
const MAC_BYTES = nacl.secretbox.overheadLength; // 16

/** @internal KDF parameters other than btwallet's only exist so unit tests need not pay 512 MiB × 8 passes. */
export interface NaclOptions extends SlowCryptoOptions {
  kdf?: Argon2iParams;
}

async function naclKey(password: string, options: NaclOptions): Promise<Uint8Array> {
  const params = options.kdf ?? NACL_KDF;
  const started = Date.now();
  options.onProgress?.({ stage: 'start', kdf: 'argon2i' });
  const key = await deriveKey(params, password, NACL_SALT, options.signal);
  options.onProgress?.({ stage: 'derived', ms: Date.now() - started });
  return key;
}

export function isNacl(data: Uint8Array): boolean {
  return startsWith(data, NACL_PREFIX);
}

export function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}

export async function encryptNacl(
  plaintext: Uint8Array,
  password: string,
  options: NaclOptions = {},
): Promise<Uint8Array> {
  const started = Date.now();
  const key = await naclKey(password, options);
  const nonce = new Uint8Array(randomBytes(NONCE_BYTES));
  const boxed = nacl.secretbox(plaintext, nonce, key);
  wipe(key);
  const out = new Uint8Array(NACL_PREFIX.length + NONCE_BYTES + boxed.length);
  out.set(NACL_PREFIX, 0);
  out.set(nonce, NACL_PREFIX.length);
  out.set(boxed, NACL_PREFIX.length + NONCE_BYTES);
  options.onProgress?.({ stage: 'done', ms: Date.now() - started });
  return out;
}

/** Opens a `$NACL` blob. `where` names the file in errors. */
export async function decryptNacl(
  data: Uint8Array,
  password: string,
  where: string,
  options: NaclOptions = {},
): Promise<Uint8Array> {
  if (!isNacl(data)) throw new KeyfileCorruptError(`${where}: not a $NACL keyfile`);
  if (data.length < NACL_PREFIX.length + NONCE_BYTES + MAC_BYTES) {
    throw new KeyfileCorruptError(
      `${where}: $NACL keyfile is truncated (${data.length} bytes; needs at least ${NACL_PREFIX.length + NONCE_BYTES + MAC_BYTES})`,
    );
  }
  const started = Date.now();
  const key = await naclKey(password, options);
  const nonce = data.subarray(NACL_PREFIX.length, NACL_PREFIX.length + NONCE_BYTES);
  const opened = nacl.secretbox.open(data.subarray(NACL_PREFIX.length + NONCE_BYTES), nonce, key);
  wipe(key);
  if (!opened) {
    // Poly1305 cannot tell a wrong password from modified ciphertext; a wrong password is by far the likelier.
    throw new WrongPasswordError(`${where}: wrong password (or the encrypted file was modified)`);
  }
  options.onProgress?.({ stage: 'done', ms: Date.now() - started });
  return opened;
}
