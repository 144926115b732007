import { SubnetkitError, type SubnetkitErrorParameters } from '@subnetkit/synapse';

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

/** A SubnetkitError: `shortMessage` names the problem, `metaMessages` the fix where there is an obvious one. */
export class WalletError extends SubnetkitError<WalletErrorCode> {
  override name = 'WalletError';

  constructor(code: WalletErrorCode, shortMessage: string, parameters?: SubnetkitErrorParameters) {
    super(code, shortMessage, parameters);
  }
}

/** The password did not open the keyfile (the MAC / HMAC check failed). */
export class WrongPasswordError extends WalletError {
  override name = 'WrongPasswordError';

  constructor(shortMessage: string, parameters?: SubnetkitErrorParameters) {
    super('WALLET_WRONG_PASSWORD', shortMessage, {
      metaMessages: [
        'Check the password (for a coldkey, the one given to `subnetkit wallet create`), or set it in the BT_PW_* variable the wallet names.',
      ],
      ...parameters,
    });
  }
}

/** The keyfile's bytes are not a well-formed keyfile (truncated, bad base64/JSON, wrong lengths). */
export class KeyfileCorruptError extends WalletError {
  override name = 'KeyfileCorruptError';

  constructor(shortMessage: string, parameters?: SubnetkitErrorParameters) {
    super('WALLET_KEYFILE_CORRUPT', shortMessage, parameters);
  }
}

/** The one message for refusing to replace a key file. */
export function keyfileExistsError(path: string): WalletError {
  return new WalletError('WALLET_KEYFILE_EXISTS', `${path} already exists`, {
    metaMessages: ['Pass overwrite: true (or --overwrite) to replace it, or move it aside first.'],
  });
}

/** The one message for a keyfile that is not there: its path and how to make one. */
export function keyfileNotFoundError(path: string, what = 'does not exist'): WalletError {
  return new WalletError('WALLET_KEYFILE_NOT_FOUND', `keyfile ${path} ${what}`, {
    metaMessages: [
      `Create the wallet with \`subnetkit wallet create\` (or pass the right --wallet.name, --wallet.hotkey and --wallet.path).`,
    ],
  });
}
