export { isValidSs58, publicKeyToSs58, SS58_FORMAT, ss58ToPublicKey } from './address.js';
export { cryptoReady } from './crypto-ready.js';
export { KeyfileCorruptError, WalletError, type WalletErrorCode, WrongPasswordError } from './errors.js';
export { Keypair, MNEMONIC_WORD_COUNTS, type MnemonicWordCount, verifySignature } from './keypair.js';
export { polkadotToSpCoreSecret, spCoreToPolkadotSecret } from './private-key.js';
export type { Signer } from './signer.js';
