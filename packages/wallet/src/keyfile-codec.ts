/**
 * The plaintext keyfile JSON, as btwallet writes and reads it (spec/wallet-keyfile.md §2). Writing emits exactly
 * accountId, publicKey, privateKey (sp-core form), secretPhrase/secretSeed when known, and ss58Address; pub files hold
 * only accountId, publicKey and ss58Address. Reading follows secretPhrase → secretSeed → privateKey → public only,
 * cross-checked against the stored address.
 */
import { isHex, u8aEq, u8aToHex } from '@polkadot/util';
import { isValidSs58, ss58ToPublicKey } from './address.js';
import { wipe } from './bytes.js';
import { KeyfileCorruptError, WalletError } from './errors.js';
import { exportKeypairSecrets, Keypair } from './keypair.js';

export interface KeyfileJson {
  accountId: string;
  publicKey: string;
  ss58Address: string;
  privateKey?: string;
  secretPhrase?: string;
  secretSeed?: string;
}

const SR25519_CRYPTO_TYPE = 1;

/** Full keyfile JSON for a signing keypair (throws `WALLET_PUBLIC_ONLY` for a public-only one). */
export function keypairToKeyfileJson(kp: Keypair): KeyfileJson {
  const secrets = exportKeypairSecrets(kp);
  if (!secrets)
    throw new WalletError('WALLET_PUBLIC_ONLY', `keypair ${kp.address} is public-only; nothing secret to write`);
  const pub = u8aToHex(kp.publicKey);
  const json: KeyfileJson = {
    accountId: pub,
    publicKey: pub,
    privateKey: u8aToHex(secrets.privateKey),
    ss58Address: kp.address,
  };
  if (secrets.mnemonic !== undefined) json.secretPhrase = secrets.mnemonic;
  if (secrets.miniSecret) json.secretSeed = u8aToHex(secrets.miniSecret);
  wipe(secrets.privateKey, secrets.miniSecret);
  return json;
}

/** Public-only JSON for `coldkeypub.txt` / `<hotkey>pub.txt`. */
export function keypairToPubJson(kp: Keypair): Pick<KeyfileJson, 'accountId' | 'publicKey' | 'ss58Address'> {
  const pub = u8aToHex(kp.publicKey);
  return { accountId: pub, publicKey: pub, ss58Address: kp.address };
}

export function encodeKeyfileJson(json: object): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(json));
}

function looksLikeMnemonic(text: string): boolean {
  const words = text.split(/\s+/);
  return [12, 15, 18, 21, 24].includes(words.length) && words.every((w) => /^[a-z]+$/.test(w));
}

async function fromRawText(text: string, where: string): Promise<Keypair> {
  const hex = text.startsWith('0x') ? text.slice(2) : text;
  try {
    if (/^[0-9a-fA-F]{64}$/.test(hex)) return await Keypair.fromSeed(hex);
    if (/^[0-9a-fA-F]{128}$/.test(hex)) return await fromPrivateKey(`0x${hex}`, undefined, where);
    if (looksLikeMnemonic(text)) return await Keypair.fromMnemonic(text);
  } catch (err) {
    throw new KeyfileCorruptError(`${where}: bare seed/mnemonic keyfile is invalid`, { cause: err });
  }
  throw new KeyfileCorruptError(
    `${where}: not keyfile JSON, a bare hex seed or a mnemonic (corrupt or unknown format)`,
  );
}

/**
 * btwallet writes sp-core's canonical secret; older writers (py-substrate-interface) and polkadot-js use the
 * ed25519-style form. With a stored public key the right one is the form whose public key matches; without one,
 * a non-canonical scalar can only be the ed25519-style form.
 */
async function fromPrivateKey(hex: string, expected: Uint8Array | undefined, where: string): Promise<Keypair> {
  if (!isHex(hex, 512)) throw new KeyfileCorruptError(`${where}: privateKey must be 0x + 128 hex digits`);
  let spCore: Keypair | undefined;
  try {
    spCore = await Keypair.fromSecretKey(hex, 'sp-core');
  } catch {
    // non-canonical scalar: not sp-core form
  }
  if (spCore && (!expected || u8aEq(spCore.publicKey, expected))) return spCore;
  const pjs = await Keypair.fromSecretKey(hex, 'polkadot');
  if (!expected || u8aEq(pjs.publicKey, expected)) return pjs;
  throw new WalletError('WALLET_KEYFILE_MISMATCH', `${where}: privateKey does not match the stored public key/address`);
}

function stringField(obj: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new KeyfileCorruptError(`${where}: field ${JSON.stringify(key)} must be a string`);
  return v;
}

/** The stored public key, from ss58Address (or the legacy " ss58Address"), else publicKey/accountId. */
function storedPublicKey(obj: Record<string, unknown>, where: string): Uint8Array | undefined {
  const address = stringField(obj, 'ss58Address', where) ?? stringField(obj, ' ss58Address', where);
  const fromAddress = address !== undefined ? (isValidSs58(address) ? ss58ToPublicKey(address) : null) : undefined;
  if (fromAddress === null) throw new KeyfileCorruptError(`${where}: ss58Address is not a valid SS58 address`);
  const hex = stringField(obj, 'publicKey', where) ?? stringField(obj, 'accountId', where);
  let fromHex: Uint8Array | undefined;
  if (hex !== undefined) {
    if (!isHex(hex, 256)) throw new KeyfileCorruptError(`${where}: publicKey must be 0x + 64 hex digits`);
    fromHex = Buffer.from(hex.slice(2), 'hex');
  }
  if (fromAddress && fromHex && !u8aEq(fromAddress, fromHex)) {
    throw new WalletError('WALLET_KEYFILE_MISMATCH', `${where}: ss58Address and publicKey disagree`);
  }
  return fromAddress ?? fromHex;
}

/** Parses decrypted keyfile bytes into a keypair (public-only when the file holds no secret). */
export async function keypairFromKeyfileData(data: Uint8Array, where: string): Promise<Keypair> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data).trim();
  } catch (err) {
    throw new KeyfileCorruptError(`${where}: keyfile is not UTF-8 text (corrupt or unknown format)`, { cause: err });
  }
  if (text === '') throw new KeyfileCorruptError(`${where}: keyfile is empty`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fromRawText(text, where);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new KeyfileCorruptError(`${where}: keyfile JSON must be an object`);
  }
  const obj = parsed as Record<string, unknown>;
  if ('encoded' in obj && 'encoding' in obj) {
    throw new WalletError(
      'WALLET_KEYFILE_UNSUPPORTED',
      `${where}: this is a polkadot.js / mobile-app JSON export, not a bittensor keyfile; import it with \`btcli wallet regen-coldkey --json-path <file>\` or regenerate from the mnemonic`,
    );
  }
  const cryptoType = obj.cryptoType === undefined || obj.cryptoType === null ? undefined : Number(obj.cryptoType);
  const expected = storedPublicKey(obj, where);
  const phrase = stringField(obj, 'secretPhrase', where);
  const seed = stringField(obj, 'secretSeed', where);
  const privateKey = stringField(obj, 'privateKey', where);

  let kp: Keypair;
  if (phrase !== undefined) {
    kp = await Keypair.fromMnemonic(phrase).catch((err) => {
      throw new KeyfileCorruptError(`${where}: secretPhrase is not a valid mnemonic`, { cause: err });
    });
  } else if (seed !== undefined) {
    kp = await Keypair.fromSeed(seed).catch((err) => {
      throw new KeyfileCorruptError(`${where}: secretSeed is not 32 bytes of hex`, { cause: err });
    });
  } else if (privateKey !== undefined) {
    kp = await fromPrivateKey(privateKey, expected, where);
  } else if (expected) {
    return Keypair.fromPublicKey(expected);
  } else {
    throw new KeyfileCorruptError(
      `${where}: keyfile holds no key (no secretPhrase, secretSeed, privateKey or address)`,
    );
  }
  if (expected && !u8aEq(kp.publicKey, expected)) {
    if (cryptoType !== undefined && cryptoType !== SR25519_CRYPTO_TYPE) {
      throw new WalletError(
        'WALLET_KEYFILE_UNSUPPORTED',
        `${where}: cryptoType ${String(obj.cryptoType)} is not sr25519; only sr25519 keys are supported`,
      );
    }
    throw new WalletError(
      'WALLET_KEYFILE_MISMATCH',
      `${where}: the key derived from the keyfile's secret does not match its stored address`,
    );
  }
  return kp;
}
