/**
 * Every error the wallet package throws is a `WalletError` with a stable `code`. Messages name the problem and the
 * file involved, never a secret (no passwords, phrases, seeds or key bytes).
 */
export type WalletErrorCode =
  | 'WALLET_INVALID_INPUT'
  | 'WALLET_INVALID_MNEMONIC'
  | 'WALLET_INVALID_SEED'
  | 'WALLET_INVALID_ADDRESS'
  | 'WALLET_INVALID_SIGNATURE'
  | 'WALLET_PUBLIC_ONLY'
  | 'WALLET_WRONG_PASSWORD'
  | 'WALLET_PASSWORD_REQUIRED'
  | 'WALLET_KEYFILE_CORRUPT'
  | 'WALLET_KEYFILE_UNSUPPORTED'
  | 'WALLET_KEYFILE_NOT_FOUND'
  | 'WALLET_KEYFILE_EXISTS'
  | 'WALLET_KEYFILE_MISMATCH'
  | 'WALLET_IO';

export class WalletError extends Error {
  readonly code: WalletErrorCode;

  constructor(code: WalletErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WalletError';
    this.code = code;
  }
}

/** The password did not open the keyfile (the MAC / HMAC check failed). */
export class WrongPasswordError extends WalletError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WALLET_WRONG_PASSWORD', message, options);
    this.name = 'WrongPasswordError';
  }
}

/** The keyfile's bytes are not a well-formed keyfile (truncated, bad base64/JSON, wrong lengths). */
export class KeyfileCorruptError extends WalletError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WALLET_KEYFILE_CORRUPT', message, options);
    this.name = 'KeyfileCorruptError';
  }
}

/** The one message for refusing to replace a key file. */
export function keyfileExistsError(path: string): WalletError {
  return new WalletError(
    'WALLET_KEYFILE_EXISTS',
    `${path} already exists (use overwrite: true or --overwrite to replace it)`,
  );
}
