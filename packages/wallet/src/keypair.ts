import { inspect } from 'node:util';
import { DEV_PHRASE, Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { isHex, u8aToHex } from '@polkadot/util';
import {
  keyExtractSuri,
  keyFromPath,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  mnemonicValidate,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
import { verifySr25519 } from '@subnetkit/synapse';
import { describeInput, isValidSs58, publicKeyToSs58, ss58ToPublicKey } from './address.js';
import { messageBytes, parseHex } from './bytes.js';
import { cryptoReady } from './crypto-ready.js';
import { WalletError } from './errors.js';
import { polkadotToSpCoreSecret, publicKeyOfPolkadotSecret, spCoreToPolkadotSecret } from './private-key.js';
import type { Signer } from './signer.js';
import { SigningPool, type SigningPoolOptions } from './signing-pool.js';
import { sr25519SignBytes } from './sr25519.js';

/** Allowed BIP39 mnemonic lengths (btwallet `n_words`). */
export const MNEMONIC_WORD_COUNTS = [12, 15, 18, 21, 24] as const;
export type MnemonicWordCount = (typeof MNEMONIC_WORD_COUNTS)[number];

/** Secret material of a keypair, kept out of the object itself so that no enumeration or inspection can reach it. */
interface Secrets {
  /** polkadot-js form (scalar·8 ‖ nonce). */
  secretKey: Uint8Array;
  /** 32-byte mini secret, when the key came straight from a seed or mnemonic (no derivation path). */
  miniSecret?: Uint8Array;
  /** BIP39 phrase, when the key came straight from it (no derivation path, no password). */
  mnemonic?: string;
}

const secrets = new WeakMap<Keypair, Secrets>();
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });

function wordCount(phrase: string): number {
  return phrase.trim().split(/\s+/).length;
}

function checkMnemonic(phrase: string): string {
  if (typeof phrase !== 'string') throw new WalletError('WALLET_INVALID_MNEMONIC', 'mnemonic must be a string');
  const normalized = phrase.trim().split(/\s+/).join(' ');
  const n = wordCount(normalized);
  if (!(MNEMONIC_WORD_COUNTS as readonly number[]).includes(n)) {
    throw new WalletError('WALLET_INVALID_MNEMONIC', `mnemonic must have 12, 15, 18, 21 or 24 words, got ${n}`);
  }
  if (!mnemonicValidate(normalized)) {
    throw new WalletError(
      'WALLET_INVALID_MNEMONIC',
      'mnemonic is not a valid BIP39 phrase (unknown word or bad checksum)',
    );
  }
  return normalized;
}

function seedBytes(seed: string | Uint8Array): Uint8Array {
  if (seed instanceof Uint8Array) {
    if (seed.length !== 32) throw new WalletError('WALLET_INVALID_SEED', `seed must be 32 bytes, got ${seed.length}`);
    return Uint8Array.from(seed);
  }
  if (typeof seed !== 'string') throw new WalletError('WALLET_INVALID_SEED', 'seed must be hex or 32 bytes');
  try {
    return parseHex(seed.trim(), 32, 'seed');
  } catch (err) {
    throw new WalletError('WALLET_INVALID_SEED', 'seed must be 32 bytes of hex (64 hex digits, optional 0x)', {
      cause: err instanceof WalletError ? undefined : err,
    });
  }
}

function signatureBytes(signature: Uint8Array | string): Uint8Array | undefined {
  if (signature instanceof Uint8Array) return signature.length === 64 ? signature : undefined;
  if (typeof signature !== 'string') {
    throw new WalletError('WALLET_INVALID_SIGNATURE', `signature must be bytes or hex, got ${typeof signature}`);
  }
  const hex = signature.startsWith('0x') ? signature : `0x${signature}`;
  if (!isHex(hex, 512)) return undefined;
  return parseHex(hex, 64, 'signature');
}

function verifyBytes(message: Uint8Array, signature: Uint8Array | string, publicKey: Uint8Array): boolean {
  const sig = signatureBytes(signature);
  // Raw first, then the `<Bytes>`-wrapped form polkadot-js extensions' signRaw signs (btwallet accepts both).
  return sig !== undefined && verifySr25519(message, sig, publicKey) !== false;
}

/**
 * An sr25519 keypair (or a public key alone). Create one with the async factories, which make sure the crypto
 * backend is ready. Secret material is never reachable through the object's properties, `toString`, `JSON.stringify`
 * or `util.inspect`.
 *
 * @example
 * const alice = await Keypair.fromUri('//Alice');
 * const sig = alice.sign('hello');
 * verifySignature('hello', sig, alice.address); // true
 */
export class Keypair implements Signer {
  /** SS58 address, format 42. */
  readonly address: string;
  /** 32-byte public key. */
  readonly publicKey: Uint8Array;
  #keyringPair: KeyringPair | undefined;

  private constructor(publicKey: Uint8Array, secret?: Secrets) {
    this.publicKey = Uint8Array.from(publicKey);
    this.address = publicKeyToSs58(this.publicKey);
    if (secret) secrets.set(this, secret);
  }

  /** True when this keypair holds a secret key and can sign. */
  get canSign(): boolean {
    return secrets.has(this);
  }

  /**
   * From a secret URI: `//Alice`, `//Alice//stash` (dev phrase), `<mnemonic>`, `<mnemonic>//hard/soft///password`,
   * or `0x<32-byte seed>` with an optional derivation path.
   */
  static async fromUri(uri: string): Promise<Keypair> {
    await cryptoReady();
    if (typeof uri !== 'string' || uri.trim() === '') {
      throw new WalletError('WALLET_INVALID_INPUT', 'secret URI must be a non-empty string');
    }
    const suri = uri.startsWith('/') ? `${DEV_PHRASE}${uri}` : uri.trim();
    let parts: ReturnType<typeof keyExtractSuri>;
    try {
      parts = keyExtractSuri(suri);
    } catch (err) {
      throw new WalletError('WALLET_INVALID_INPUT', 'secret URI is malformed', { cause: err });
    }
    const { phrase, path, password } = parts;
    let miniSecret: Uint8Array;
    let mnemonic: string | undefined;
    if (isHex(phrase, 256)) {
      miniSecret = seedBytes(phrase);
    } else {
      mnemonic = checkMnemonic(phrase);
      miniSecret = mnemonicToMiniSecret(mnemonic, password ?? '');
    }
    const base = sr25519PairFromSeed(miniSecret);
    if (path.length === 0) {
      return new Keypair(base.publicKey, {
        secretKey: base.secretKey,
        miniSecret,
        ...(mnemonic !== undefined && !password ? { mnemonic } : {}),
      });
    }
    const derived = keyFromPath(base, path, 'sr25519');
    base.secretKey.fill(0);
    miniSecret.fill(0);
    return new Keypair(derived.publicKey, { secretKey: derived.secretKey });
  }

  /** From a 12–24 word BIP39 mnemonic (substrate-bip39 mini secret, as btwallet and polkadot-js both do). */
  static async fromMnemonic(phrase: string): Promise<Keypair> {
    await cryptoReady();
    const mnemonic = checkMnemonic(phrase);
    const miniSecret = mnemonicToMiniSecret(mnemonic);
    const pair = sr25519PairFromSeed(miniSecret);
    return new Keypair(pair.publicKey, { secretKey: pair.secretKey, miniSecret, mnemonic });
  }

  /** From a 32-byte mini secret (`secretSeed` in a keyfile), as hex (`0x` optional) or bytes. */
  static async fromSeed(seed: string | Uint8Array): Promise<Keypair> {
    await cryptoReady();
    const miniSecret = seedBytes(seed);
    const pair = sr25519PairFromSeed(miniSecret);
    return new Keypair(pair.publicKey, { secretKey: pair.secretKey, miniSecret });
  }

  /**
   * From a 64-byte secret key (scalar ‖ nonce). `form` says which encoding the bytes use: `'sp-core'` (schnorrkel
   * canonical, what btwallet writes as `privateKey`) or `'polkadot'` (polkadot-js / ed25519-style).
   */
  static async fromSecretKey(secretKey: string | Uint8Array, form: 'sp-core' | 'polkadot'): Promise<Keypair> {
    await cryptoReady();
    const raw = typeof secretKey === 'string' ? parseHex(secretKey, 64, 'secret key') : secretKey;
    if (!(raw instanceof Uint8Array) || raw.length !== 64) {
      throw new WalletError('WALLET_INVALID_INPUT', 'secret key must be 64 bytes');
    }
    const pjs = form === 'sp-core' ? spCoreToPolkadotSecret(raw) : Uint8Array.from(raw);
    return new Keypair(publicKeyOfPolkadotSecret(pjs), { secretKey: pjs });
  }

  /** Public-only keypair from an SS58 address: can verify, cannot sign. */
  static async fromSs58(address: string): Promise<Keypair> {
    await cryptoReady();
    return new Keypair(ss58ToPublicKey(address));
  }

  /** Public-only keypair from a 32-byte public key (bytes or hex). */
  static async fromPublicKey(publicKey: Uint8Array | string): Promise<Keypair> {
    await cryptoReady();
    const bytes = typeof publicKey === 'string' ? parseHex(publicKey, 32, 'public key') : publicKey;
    if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
      throw new WalletError('WALLET_INVALID_ADDRESS', 'public key must be 32 bytes');
    }
    return new Keypair(bytes);
  }

  /** A fresh random keypair and its mnemonic (show the mnemonic to the user once; it is the backup). */
  static async generate(nWords: MnemonicWordCount = 12): Promise<{ keypair: Keypair; mnemonic: string }> {
    await cryptoReady();
    if (!(MNEMONIC_WORD_COUNTS as readonly number[]).includes(nWords)) {
      throw new WalletError('WALLET_INVALID_INPUT', `nWords must be one of 12, 15, 18, 21, 24, got ${nWords}`);
    }
    const mnemonic = mnemonicGenerate(nWords);
    return { keypair: await Keypair.fromMnemonic(mnemonic), mnemonic };
  }

  /** 64-byte sr25519 signature over the message (a string is signed as its raw UTF-8 bytes, no `<Bytes>` wrapper). */
  sign(message: string | Uint8Array): Uint8Array {
    const secret = secrets.get(this);
    if (!secret) {
      throw new WalletError(
        'WALLET_PUBLIC_ONLY',
        `keypair ${this.address} is public-only (loaded from an address or pub file) and cannot sign`,
      );
    }
    return sr25519SignBytes(messageBytes(message), this.publicKey, secret.secretKey);
  }

  /**
   * A signer with the same key that can also sign on worker threads (`signAsync`), for many signatures at once
   * (a dendrite's forward). The secret is copied to each worker once; call `close()` on the pool when done.
   */
  parallelSigner(options?: SigningPoolOptions): SigningPool {
    if (!secrets.has(this)) {
      throw new WalletError('WALLET_PUBLIC_ONLY', `keypair ${this.address} is public-only and cannot sign`);
    }
    return new SigningPool(this, () => Uint8Array.from(secrets.get(this)!.secretKey), options);
  }

  /** `sign` as `0x` + 128 hex digits, the form the axon headers carry. */
  signHex(message: string | Uint8Array): string {
    return u8aToHex(this.sign(message));
  }

  /** Verifies a signature by this key over the raw message, or over `<Bytes>message</Bytes>`. */
  verify(message: string | Uint8Array, signature: Uint8Array | string): boolean {
    return verifyBytes(messageBytes(message), signature, this.publicKey);
  }

  /**
   * The equivalent @polkadot/keyring pair (unlocked when this keypair can sign), for `@polkadot/api`'s
   * `signAndSend`. Created once and cached.
   */
  toKeyringPair(): KeyringPair {
    if (!this.#keyringPair) {
      const secret = secrets.get(this);
      this.#keyringPair = secret
        ? keyring.createFromPair({ publicKey: this.publicKey, secretKey: secret.secretKey })
        : keyring.createFromPair({ publicKey: this.publicKey, secretKey: new Uint8Array() });
    }
    return this.#keyringPair;
  }

  toString(): string {
    return `Keypair(${this.address}${this.canSign ? '' : ', public only'})`;
  }

  toJSON(): { address: string; publicKey: string; canSign: boolean } {
    return { address: this.address, publicKey: u8aToHex(this.publicKey), canSign: this.canSign };
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * Secret material for writing keyfiles. Internal to the package (not exported from the index): the returned
 * secretKey is in sp-core canonical form, the form btwallet writes as `privateKey`.
 * @internal
 */
export function exportKeypairSecrets(
  kp: Keypair,
): { privateKey: Uint8Array; miniSecret?: Uint8Array; mnemonic?: string } | undefined {
  const secret = secrets.get(kp);
  if (!secret) return undefined;
  return {
    privateKey: polkadotToSpCoreSecret(secret.secretKey),
    ...(secret.miniSecret ? { miniSecret: Uint8Array.from(secret.miniSecret) } : {}),
    ...(secret.mnemonic !== undefined ? { mnemonic: secret.mnemonic } : {}),
  };
}

/**
 * Verifies an sr25519 signature (raw message first, then the `<Bytes>`-wrapped form) against an SS58 address,
 * `0x` hex public key, or 32 public key bytes. Returns false for a wrong or malformed signature; throws
 * `WALLET_INVALID_ADDRESS` when the key itself is not valid.
 */
export function verifySignature(
  message: string | Uint8Array,
  signature: Uint8Array | string,
  addressOrPublicKey: string | Uint8Array,
): boolean {
  let publicKey: Uint8Array;
  if (addressOrPublicKey instanceof Uint8Array) {
    if (addressOrPublicKey.length !== 32)
      throw new WalletError('WALLET_INVALID_ADDRESS', 'public key must be 32 bytes');
    publicKey = addressOrPublicKey;
  } else if (typeof addressOrPublicKey === 'string' && addressOrPublicKey.startsWith('0x')) {
    publicKey = parseHex(addressOrPublicKey, 32, 'public key');
  } else if (typeof addressOrPublicKey === 'string' && isValidSs58(addressOrPublicKey)) {
    publicKey = ss58ToPublicKey(addressOrPublicKey);
  } else {
    throw new WalletError(
      'WALLET_INVALID_ADDRESS',
      `not an SS58 address or public key: ${describeInput(addressOrPublicKey)}`,
    );
  }
  return verifyBytes(messageBytes(message), signature, publicKey);
}
