import { readFile, stat } from 'node:fs/promises';
import { writeKeyfileAtomic } from './atomic-write.js';
import { envPasswordName, passwordFromEnv, shellEnvPasswordName } from './env-password.js';
import { KeyfileCorruptError, keyfileExistsError, keyfileNotFoundError, WalletError } from './errors.js';
import { encodeKeyfileJson, keypairFromKeyfileData, keypairToKeyfileJson, keypairToPubJson } from './keyfile-codec.js';
import {
  type CryptoOptions,
  decryptKeyfileData,
  encryptKeyfileData,
  type KeyfileEncryption,
  keyfileEncryption,
} from './keyfile-crypto.js';
import type { Keypair } from './keypair.js';

/** A password, or a function asked for one only when it is needed (e.g. an interactive prompt). */
export type PasswordSource = string | ((keyfile: Keyfile) => string | Promise<string>);

export interface KeyfileReadOptions extends CryptoOptions {
  /** Used when the file is encrypted; falls back to the `BT_PW_*` variable in `env`. */
  password?: PasswordSource;
  env?: NodeJS.ProcessEnv;
}

export interface KeyfileWriteOptions extends CryptoOptions {
  /** Encrypt with `$NACL` (then a password is required: `password`, else the `BT_PW_*` variable). */
  encrypt?: boolean;
  password?: PasswordSource;
  /** Replace an existing file. Without it, an existing file is a `WALLET_KEYFILE_EXISTS` error. */
  overwrite?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** Keyfiles are a few hundred bytes; refuse to slurp anything large by mistake. */
const MAX_KEYFILE_BYTES = 64 * 1024;

/** One keyfile on disk (`coldkey`, `coldkeypub.txt`, `hotkeys/<name>`, ...). */
export class Keyfile {
  constructor(readonly path: string) {}

  /** The `BT_PW_*` variable btwallet consults for this file's password. */
  get envVarName(): string {
    return envPasswordName(this.path);
  }

  /** `envVarName` as a shell can `export` it (a `-` in the path as `_`); read after btwallet's spelling. */
  get shellEnvVarName(): string {
    return shellEnvPasswordName(this.path);
  }

  async exists(): Promise<boolean> {
    try {
      return (await stat(this.path)).isFile();
    } catch {
      return false;
    }
  }

  /** The raw bytes on disk (encrypted or not). */
  async readData(): Promise<Uint8Array> {
    let size: number;
    try {
      const st = await stat(this.path);
      if (!st.isFile()) throw keyfileNotFoundError(this.path, 'is not a file');
      size = st.size;
    } catch (err) {
      if (err instanceof WalletError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw keyfileNotFoundError(this.path);
      throw new WalletError('WALLET_IO', `cannot read keyfile ${this.path}: ${code ?? String(err)}`, { cause: err });
    }
    if (size > MAX_KEYFILE_BYTES) {
      throw new KeyfileCorruptError(`${this.path}: ${size} bytes is far too large for a keyfile`);
    }
    try {
      return new Uint8Array(await readFile(this.path));
    } catch (err) {
      throw new WalletError('WALLET_IO', `cannot read keyfile ${this.path}`, { cause: err });
    }
  }

  /** How the file is encrypted, or null for plaintext. */
  async encryption(): Promise<KeyfileEncryption | null> {
    return keyfileEncryption(await this.readData());
  }

  async isEncrypted(): Promise<boolean> {
    return (await this.encryption()) !== null;
  }

  private async resolvePassword(
    source: PasswordSource | undefined,
    env: NodeJS.ProcessEnv | undefined,
  ): Promise<string> {
    if (typeof source === 'string') return source;
    const fromEnv = passwordFromEnv(this.path, env ?? process.env);
    if (fromEnv !== undefined) return fromEnv;
    if (source) return source(this);
    throw new WalletError('WALLET_PASSWORD_REQUIRED', `${this.path} is encrypted and no password was given`, {
      metaMessages: [
        `Pass a password, or set ${this.shellEnvVarName} (base64 of the password) in the environment${
          this.shellEnvVarName === this.envVarName ? '' : ` (btcli reads it as ${this.envVarName})`
        }: 'subnetkit wallet env-password' prints it.`,
      ],
    });
  }

  /** Reads (and decrypts if needed) the keypair. A pub file or secret-less keyfile gives a public-only keypair. */
  async getKeypair(options: KeyfileReadOptions = {}): Promise<Keypair> {
    let data = await this.readData();
    if (keyfileEncryption(data)) {
      const password = await this.resolvePassword(options.password, options.env);
      data = await decryptKeyfileData(data, password, this.path, options);
    }
    return keypairFromKeyfileData(data, this.path);
  }

  /** Writes a signing keypair's full keyfile, `$NACL`-encrypted when `encrypt` is set. */
  async setKeypair(kp: Keypair, options: KeyfileWriteOptions = {}): Promise<void> {
    if (!options.overwrite && (await this.exists())) {
      throw keyfileExistsError(this.path);
    }
    let data = encodeKeyfileJson(keypairToKeyfileJson(kp));
    if (options.encrypt) {
      const password = await this.resolvePassword(options.password, options.env);
      const plain = data;
      data = await encryptKeyfileData(plain, password, options);
      plain.fill(0);
    }
    await writeKeyfileAtomic(this.path, data, { overwrite: options.overwrite ?? false });
  }

  /** Writes the public-only JSON (`accountId`, `publicKey`, `ss58Address`). */
  async setPublic(kp: Keypair, options: { overwrite?: boolean } = {}): Promise<void> {
    await writeKeyfileAtomic(this.path, encodeKeyfileJson(keypairToPubJson(kp)), {
      overwrite: options.overwrite ?? false,
    });
  }

  toString(): string {
    return `Keyfile(${this.path})`;
  }
}
