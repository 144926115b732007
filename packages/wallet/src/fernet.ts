/**
 * Decrypt-only support for legacy keyfiles, which are Fernet tokens (prefix `gAAAAA`). The Fernet key is
 * PBKDF2-HMAC-SHA256(password, fixed salt, 10,000,000 iterations, 32 bytes); Fernet itself (spec:
 * github.com/fernet/spec) is base64url(0x80 ‖ timestamp(8) ‖ IV(16) ‖ AES-128-CBC ciphertext ‖ HMAC-SHA256(32)), with
 * the first 16 key bytes signing and the last 16 encrypting. (btwallet 4.0.0 cannot read these: it uses a random key.)
 */
import { createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { wipe } from './bytes.js';
import { KeyfileCorruptError, WalletError, WrongPasswordError } from './errors.js';
import { deriveKey, type Pbkdf2Params } from './kdf.js';
import type { SlowCryptoOptions } from './progress.js';

export const FERNET_PREFIX = 'gAAAAA';
export const LEGACY_SALT = new TextEncoder().encode('Iguesscyborgslikemyselfhaveatendencytobeparanoidaboutourorigins');
export const LEGACY_KDF: Pbkdf2Params = { alg: 'pbkdf2-sha256', iterations: 10_000_000, keyLength: 32 };

/** @internal Other KDF parameters exist only so unit tests can skip 10M iterations. */
export interface FernetOptions extends SlowCryptoOptions {
  kdf?: Pbkdf2Params;
}

/** Parses and checks the token's shape (before any slow key derivation). */
function parseToken(data: Uint8Array, where: string): Buffer {
  const text = Buffer.from(data).toString('utf8').trim();
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(text)) throw new KeyfileCorruptError(`${where}: legacy keyfile is not base64url`);
  const token = Buffer.from(text, 'base64url');
  // version(1) + timestamp(8) + iv(16) + at least one block(16) + hmac(32)
  if (token.length < 73 || (token.length - 57) % 16 !== 0) {
    throw new KeyfileCorruptError(`${where}: legacy Fernet token is truncated or malformed (${token.length} bytes)`);
  }
  if (token[0] !== 0x80) {
    throw new WalletError('WALLET_KEYFILE_UNSUPPORTED', `${where}: unknown Fernet version 0x${token[0]?.toString(16)}`);
  }
  return token;
}

/** Opens a Fernet token with its 32-byte key (signing half ‖ encryption half). The token's age is not checked. */
export function openFernet(data: Uint8Array, key: Uint8Array, where: string): Uint8Array {
  const token = parseToken(data, where);
  const signed = token.subarray(0, token.length - 32);
  const mac = createHmac('sha256', key.subarray(0, 16)).update(signed).digest();
  if (!timingSafeEqual(mac, token.subarray(token.length - 32))) {
    throw new WrongPasswordError(`${where}: wrong password for legacy keyfile (or the file was modified)`);
  }
  const decipher = createDecipheriv('aes-128-cbc', key.subarray(16, 32), token.subarray(9, 25));
  try {
    return new Uint8Array(Buffer.concat([decipher.update(token.subarray(25, token.length - 32)), decipher.final()]));
  } catch (err) {
    throw new KeyfileCorruptError(`${where}: legacy keyfile has invalid padding`, { cause: err });
  }
}

export async function decryptLegacyFernet(
  data: Uint8Array,
  password: string,
  where: string,
  options: FernetOptions = {},
): Promise<Uint8Array> {
  parseToken(data, where); // fail fast on a damaged file, before seconds of PBKDF2
  const started = Date.now();
  const params = options.kdf ?? LEGACY_KDF;
  options.onProgress?.({ stage: 'start', kdf: 'pbkdf2-sha256' });
  const key = await deriveKey(params, password, LEGACY_SALT, options.signal);
  options.onProgress?.({ stage: 'derived', ms: Date.now() - started });
  let plain: Uint8Array;
  try {
    plain = openFernet(data, key, where);
  } finally {
    wipe(key);
  }
  options.onProgress?.({ stage: 'done', ms: Date.now() - started });
  return plain;
}
