/** Detects a keyfile's encryption by prefix and decrypts/encrypts its bytes. */
import { ANSIBLE_PREFIX, decryptAnsibleVault } from './ansible-vault.js';
import { KeyfileCorruptError, WalletError } from './errors.js';
import { decryptLegacyFernet, FERNET_PREFIX } from './fernet.js';
import type { Argon2iParams, Pbkdf2Params } from './kdf.js';
import { decryptNacl, encryptNacl, isNacl, startsWith } from './nacl.js';
import type { SlowCryptoOptions } from './progress.js';

export type KeyfileEncryption = 'nacl' | 'ansible-vault' | 'legacy-fernet';

const encoder = new TextEncoder();

export function keyfileEncryption(data: Uint8Array): KeyfileEncryption | null {
  if (isNacl(data)) return 'nacl';
  if (startsWith(data, encoder.encode(ANSIBLE_PREFIX))) return 'ansible-vault';
  if (startsWith(data, encoder.encode(FERNET_PREFIX))) return 'legacy-fernet';
  return null;
}

/** @internal Test-only KDF overrides; real keyfiles always use the btwallet parameters. */
export interface KdfOverrides {
  naclKdf?: Argon2iParams;
  legacyKdf?: Pbkdf2Params;
}

export type CryptoOptions = SlowCryptoOptions & KdfOverrides;

function slow(options: CryptoOptions): SlowCryptoOptions {
  return {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

export async function decryptKeyfileData(
  data: Uint8Array,
  password: string,
  where: string,
  options: CryptoOptions = {},
): Promise<Uint8Array> {
  switch (keyfileEncryption(data)) {
    case 'nacl':
      return decryptNacl(data, password, where, {
        ...slow(options),
        ...(options.naclKdf ? { kdf: options.naclKdf } : {}),
      });
    case 'ansible-vault':
      return decryptAnsibleVault(data, password, where);
    case 'legacy-fernet':
      return decryptLegacyFernet(data, password, where, {
        ...slow(options),
        ...(options.legacyKdf ? { kdf: options.legacyKdf } : {}),
      });
    default:
      throw new KeyfileCorruptError(`${where}: not encrypted with a known method`);
  }
}

/** Encrypts keyfile bytes as `$NACL` (the only format written). */
export function encryptKeyfileData(
  data: Uint8Array,
  password: string,
  options: CryptoOptions = {},
): Promise<Uint8Array> {
  if (password.length === 0) throw new WalletError('WALLET_INVALID_INPUT', 'an encryption password must not be empty');
  return encryptNacl(data, password, { ...slow(options), ...(options.naclKdf ? { kdf: options.naclKdf } : {}) });
}
