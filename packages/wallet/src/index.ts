export { isValidSs58, publicKeyToSs58, SS58_FORMAT, ss58ToPublicKey } from './address.js';
export { cryptoReady } from './crypto-ready.js';
export {
  decodeEnvPassword,
  encodeEnvPassword,
  envPasswordName,
  passwordFromEnv,
  shellEnvPasswordName,
} from './env-password.js';
export { KeyfileCorruptError, WalletError, type WalletErrorCode, WrongPasswordError } from './errors.js';
export { NACL_KDF, NACL_SALT } from './kdf.js';
export { Keyfile, type KeyfileReadOptions, type KeyfileWriteOptions, type PasswordSource } from './keyfile.js';
export { type KeyfileJson, keypairFromKeyfileData, keypairToKeyfileJson, keypairToPubJson } from './keyfile-codec.js';
export { decryptKeyfileData, encryptKeyfileData, type KeyfileEncryption, keyfileEncryption } from './keyfile-crypto.js';
export { Keypair, MNEMONIC_WORD_COUNTS, type MnemonicWordCount, verifySignature } from './keypair.js';
export { polkadotToSpCoreSecret, spCoreToPolkadotSecret } from './private-key.js';
export type { KeyfileProgress, KeyfileProgressEvent, SlowCryptoOptions } from './progress.js';
export type { Signer } from './signer.js';
export { type AsyncSigner, SigningPool, type SigningPoolOptions } from './signing-pool.js';
export {
  type CreatedKey,
  type CreateKeyOptions,
  DEFAULT_HOTKEY_NAME,
  DEFAULT_WALLET_NAME,
  DEFAULT_WALLET_PATH,
  expandHome,
  listWallets,
  type RegenerateKeyOptions,
  Wallet,
  type WalletListing,
  type WalletOptions,
  type WriteKeyOptions,
} from './wallet.js';
