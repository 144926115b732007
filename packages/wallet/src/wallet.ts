import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { keyfileExistsError, WalletError } from './errors.js';
import { Keyfile, type KeyfileReadOptions, type KeyfileWriteOptions } from './keyfile.js';
import { keypairFromKeyfileData } from './keyfile-codec.js';
import { type CryptoOptions, keyfileEncryption } from './keyfile-crypto.js';
import { Keypair, type MnemonicWordCount } from './keypair.js';

export const DEFAULT_WALLET_PATH = '~/.bittensor/wallets';
export const DEFAULT_WALLET_NAME = 'default';
export const DEFAULT_HOTKEY_NAME = 'default';

export interface WalletOptions {
  /** Wallet name (folder under `path`); default `BT_WALLET_NAME` (or btcli v11's `BT_WALLET`), else `default`. */
  name?: string;
  /** Hotkey name (file under `hotkeys/`); default `BT_WALLET_HOTKEY`, else `default`. */
  hotkey?: string;
  /** Wallets root; default `BT_WALLET_PATH`, else `~/.bittensor/wallets`. `~` is expanded. */
  path?: string;
  /** Environment to read `BT_WALLET_*` and `BT_PW_*` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/** Options for creating or regenerating a key. */
export interface WriteKeyOptions extends CryptoOptions {
  /** Encrypt the private keyfile (default: true for coldkeys, false for hotkeys, as btwallet). */
  usePassword?: boolean;
  password?: KeyfileWriteOptions['password'];
  /** Replace existing key files. Without it an existing key is a `WALLET_KEYFILE_EXISTS` error. */
  overwrite?: boolean;
}

export interface CreateKeyOptions extends WriteKeyOptions {
  nWords?: MnemonicWordCount;
}

export type RegenerateKeyOptions = WriteKeyOptions &
  ({ mnemonic: string } | { seed: string | Uint8Array } | { uri: string });

export interface CreatedKey {
  keypair: Keypair;
  /** Shown to the user once: it is the only backup. */
  mnemonic: string;
}

export function expandHome(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return path;
}

/** Wallet and hotkey names become file names: no separators, no `.`/`..`, nothing hidden. */
function checkName(kind: string, name: string): string {
  if (typeof name !== 'string' || name === '' || name.length > 255 || /[/\\\0]/.test(name) || name.startsWith('.')) {
    throw new WalletError(
      'WALLET_INVALID_INPUT',
      `${kind} name ${JSON.stringify(String(name))} is not usable as a file name (no '/', '\\', leading '.')`,
    );
  }
  return name;
}

/**
 * A bittensor wallet on disk: `<path>/<name>/{coldkey, coldkeypub.txt, hotkeys/<hotkey>, hotkeys/<hotkey>pub.txt}`.
 *
 * @example
 * const wallet = new Wallet({ name: 'miner', hotkey: 'h1', path: '/tmp/wallets' });
 * await wallet.create({ coldkey: { password: 'correct horse' } });
 * const hotkey = await wallet.getHotkey(); // plaintext by default: no password
 */
export class Wallet {
  readonly name: string;
  readonly hotkeyName: string;
  /** Absolute wallets root (the `--wallet.path`). */
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(options: WalletOptions = {}) {
    this.env = options.env ?? process.env;
    this.name = checkName(
      'wallet',
      options.name ?? (this.env.BT_WALLET_NAME || this.env.BT_WALLET || DEFAULT_WALLET_NAME),
    );
    this.hotkeyName = checkName('hotkey', options.hotkey ?? (this.env.BT_WALLET_HOTKEY || DEFAULT_HOTKEY_NAME));
    this.root = resolve(expandHome(options.path ?? (this.env.BT_WALLET_PATH || DEFAULT_WALLET_PATH)));
  }

  /** `<root>/<name>`. */
  get dir(): string {
    return join(this.root, this.name);
  }

  get coldkeyFile(): Keyfile {
    return new Keyfile(join(this.dir, 'coldkey'));
  }

  get coldkeypubFile(): Keyfile {
    return new Keyfile(join(this.dir, 'coldkeypub.txt'));
  }

  hotkeyFile(hotkey: string = this.hotkeyName): Keyfile {
    return new Keyfile(join(this.dir, 'hotkeys', checkName('hotkey', hotkey)));
  }

  hotkeypubFile(hotkey: string = this.hotkeyName): Keyfile {
    return new Keyfile(join(this.dir, 'hotkeys', `${checkName('hotkey', hotkey)}pub.txt`));
  }

  /** This wallet with another hotkey selected. */
  withHotkey(hotkey: string): Wallet {
    return new Wallet({ name: this.name, hotkey, path: this.root, env: this.env });
  }

  private async writePair(priv: Keyfile, pub: Keyfile, kp: Keypair, options: WriteKeyOptions, encrypt: boolean) {
    const overwrite = options.overwrite ?? false;
    if (!overwrite) {
      for (const f of [priv, pub]) {
        if (await f.exists()) {
          throw keyfileExistsError(f.path);
        }
      }
    }
    const write: KeyfileWriteOptions = { ...options, encrypt, overwrite, env: this.env };
    await priv.setKeypair(kp, write);
    await pub.setPublic(kp, { overwrite });
  }

  /** Generates and writes a new coldkey (encrypted unless `usePassword: false`) and coldkeypub.txt. */
  async createColdkey(options: CreateKeyOptions = {}): Promise<CreatedKey> {
    const { keypair, mnemonic } = await Keypair.generate(options.nWords ?? 12);
    await this.writePair(this.coldkeyFile, this.coldkeypubFile, keypair, options, options.usePassword ?? true);
    return { keypair, mnemonic };
  }

  /** Generates and writes a new hotkey (plaintext unless `usePassword: true`) and its pub file. */
  async createHotkey(options: CreateKeyOptions & { hotkey?: string } = {}): Promise<CreatedKey> {
    const name = options.hotkey ?? this.hotkeyName;
    const { keypair, mnemonic } = await Keypair.generate(options.nWords ?? 12);
    await this.writePair(
      this.hotkeyFile(name),
      this.hotkeypubFile(name),
      keypair,
      options,
      options.usePassword ?? false,
    );
    return { keypair, mnemonic };
  }

  /** Creates coldkey and hotkey. Fails before writing anything if either already exists (unless overwrite). */
  async create(options: { coldkey?: CreateKeyOptions; hotkey?: CreateKeyOptions } = {}): Promise<{
    coldkey: CreatedKey;
    hotkey: CreatedKey;
  }> {
    const files: [Keyfile, boolean | undefined][] = [
      [this.coldkeyFile, options.coldkey?.overwrite],
      [this.coldkeypubFile, options.coldkey?.overwrite],
      [this.hotkeyFile(), options.hotkey?.overwrite],
      [this.hotkeypubFile(), options.hotkey?.overwrite],
    ];
    for (const [f, overwrite] of files) {
      if (!overwrite && (await f.exists())) {
        throw keyfileExistsError(f.path);
      }
    }
    const coldkey = await this.createColdkey(options.coldkey);
    const hotkey = await this.createHotkey(options.hotkey);
    return { coldkey, hotkey };
  }

  private static async keypairFrom(options: RegenerateKeyOptions): Promise<Keypair> {
    if ('mnemonic' in options && options.mnemonic !== undefined) return Keypair.fromMnemonic(options.mnemonic);
    if ('seed' in options && options.seed !== undefined) return Keypair.fromSeed(options.seed);
    if ('uri' in options && options.uri !== undefined) return Keypair.fromUri(options.uri);
    throw new WalletError('WALLET_INVALID_INPUT', 'regenerate needs a mnemonic, a seed or a URI');
  }

  /** Rewrites the coldkey from a mnemonic, seed or URI. */
  async regenerateColdkey(options: RegenerateKeyOptions): Promise<Keypair> {
    const kp = await Wallet.keypairFrom(options);
    await this.writePair(this.coldkeyFile, this.coldkeypubFile, kp, options, options.usePassword ?? true);
    return kp;
  }

  /** Rewrites the (selected) hotkey from a mnemonic, seed or URI. */
  async regenerateHotkey(options: RegenerateKeyOptions & { hotkey?: string }): Promise<Keypair> {
    const name = options.hotkey ?? this.hotkeyName;
    const kp = await Wallet.keypairFrom(options);
    await this.writePair(this.hotkeyFile(name), this.hotkeypubFile(name), kp, options, options.usePassword ?? false);
    return kp;
  }

  /** The coldkey, decrypted (password from options, else `BT_PW_*`, else the `password` callback). */
  getColdkey(options: KeyfileReadOptions = {}): Promise<Keypair> {
    return this.coldkeyFile.getKeypair({ env: this.env, ...options });
  }

  /** The coldkey's public part: coldkeypub.txt, else the public key of a plaintext coldkey (no password needed). */
  async getColdkeypub(): Promise<Keypair> {
    const pub = this.coldkeypubFile;
    if (await pub.exists()) return pub.getKeypair({ env: this.env });
    if (await this.coldkeyFile.exists()) return publicPartOf(this.coldkeyFile);
    return pub.getKeypair({ env: this.env }); // the not-found error names coldkeypub.txt
  }

  /** The selected hotkey (plaintext by default; decrypted like the coldkey if encrypted). */
  getHotkey(options: KeyfileReadOptions & { hotkey?: string } = {}): Promise<Keypair> {
    return this.hotkeyFile(options.hotkey).getKeypair({ env: this.env, ...options });
  }

  /** The hotkey's public part: its pub file, else the public key of a plaintext hotkey file (older wallets). */
  async getHotkeypub(hotkey: string = this.hotkeyName): Promise<Keypair> {
    const pub = this.hotkeypubFile(hotkey);
    if (await pub.exists()) return pub.getKeypair({ env: this.env });
    return publicPartOf(this.hotkeyFile(hotkey));
  }

  /** Names of the hotkeys in this wallet (files under hotkeys/ that are not `*pub.txt` or temp files). */
  async hotkeyNames(): Promise<string[]> {
    return listHotkeyNames(join(this.dir, 'hotkeys'));
  }

  toString(): string {
    return `Wallet(name=${this.name}, hotkey=${this.hotkeyName}, path=${this.root})`;
  }
}

/** The public key of a plaintext keyfile; an encrypted one is `WALLET_PASSWORD_REQUIRED`. */
async function publicPartOf(file: Keyfile): Promise<Keypair> {
  const data = await file.readData();
  if (keyfileEncryption(data)) {
    throw new WalletError('WALLET_PASSWORD_REQUIRED', `${file.path} is encrypted and has no pub file to read instead`);
  }
  const kp = await keypairFromKeyfileData(data, file.path);
  return Keypair.fromPublicKey(kp.publicKey);
}

async function listHotkeyNames(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const e of entries) {
    if (e.startsWith('.')) continue; // temp files from an interrupted write
    // `<x>pub.txt` names hotkey x too, so a hotkey whose private file was removed is still listed.
    names.add(e.endsWith('pub.txt') ? e.slice(0, -'pub.txt'.length) : e);
  }
  return [...names].filter((n) => n !== '').sort();
}

export interface WalletListing {
  name: string;
  /** Coldkey address from coldkeypub.txt, if readable. */
  coldkeypub?: string;
  hotkeys: { name: string; address?: string }[];
}

async function addressOf(path: string): Promise<string | undefined> {
  try {
    const data = new Uint8Array(await readFile(path));
    if (data.length > 64 * 1024) return undefined;
    const kp = await keypairFromKeyfileData(data, path);
    return kp.address;
  } catch {
    return undefined;
  }
}

/**
 * Every wallet under `path` with its hotkeys and their addresses, read from the pub files (never decrypting).
 * A hotkey without a pub file shows its address when the hotkey file itself is plaintext.
 */
export async function listWallets(path?: string, env: NodeJS.ProcessEnv = process.env): Promise<WalletListing[]> {
  const root = resolve(expandHome(path ?? (env.BT_WALLET_PATH || DEFAULT_WALLET_PATH)));
  let entries: Dirent[];
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: WalletListing[] = [];
  for (const entry of entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = join(root, entry.name);
    const coldkeypub = await addressOf(join(dir, 'coldkeypub.txt'));
    const hotkeys: WalletListing['hotkeys'] = [];
    for (const hk of await listHotkeyNames(join(dir, 'hotkeys'))) {
      const address =
        (await addressOf(join(dir, 'hotkeys', `${hk}pub.txt`))) ?? (await plainAddressOf(join(dir, 'hotkeys', hk)));
      hotkeys.push({ name: hk, ...(address ? { address } : {}) });
    }
    out.push({ name: entry.name, ...(coldkeypub ? { coldkeypub } : {}), hotkeys });
  }
  return out;
}

async function plainAddressOf(path: string): Promise<string | undefined> {
  try {
    return (await publicPartOf(new Keyfile(path))).address;
  } catch {
    return undefined;
  }
}
