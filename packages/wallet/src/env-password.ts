/**
 * btwallet's `BT_PW_*` environment password: the variable is named after the keyfile's path and holds
 * base64(password XOR name-bytes, name cycled). This is obfuscation, not encryption; it only keeps the plain
 * password out of casual `env` listings.
 *
 * btwallet keeps a `-` (or any other character but the path separator and `.`) of the path in the name, and a POSIX
 * shell cannot `export` such a name. So the password is also read from the shell-safe spelling (every character
 * other than A-Z, 0-9 and `_` as `_`), after btwallet's. The value is the same in both: XORed with btwallet's name.
 */
import { sep } from 'node:path';
import { WalletError } from './errors.js';

/** btwallet's name: `BT_PW_` + the keyfile path uppercased, with path separators and `.` replaced by `_`. */
export function envPasswordName(keyfilePath: string): string {
  return `BT_PW_${keyfilePath.split(sep).join('_').replaceAll('/', '_').replaceAll('.', '_').toUpperCase()}`;
}

/** The name a shell can set (`export`): btwallet's with every character but A-Z, 0-9 and `_` replaced by `_`. */
export function shellEnvPasswordName(keyfilePath: string): string {
  return envPasswordName(keyfilePath).replace(/[^A-Z0-9_]/g, '_');
}

function xorWithName(data: Uint8Array, name: string): Uint8Array {
  const key = new TextEncoder().encode(name);
  if (key.length === 0) throw new WalletError('WALLET_INVALID_INPUT', 'environment variable name must not be empty');
  return data.map((b, i) => b ^ (key[i % key.length] ?? 0));
}

/** The value to put in the variable `name` so that it yields `password`. */
export function encodeEnvPassword(name: string, password: string): string {
  return Buffer.from(xorWithName(new TextEncoder().encode(password), name)).toString('base64');
}

/**
 * The password held in a variable with value `value`, XORed with `name` (btwallet's name); errors name `variable`,
 * the variable it was read from (default `name`).
 */
export function decodeEnvPassword(name: string, value: string, variable = name): string {
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(trimmed) || trimmed.length % 4 !== 0) {
    throw new WalletError('WALLET_INVALID_INPUT', `${variable} is not valid base64 (it must hold an encoded password)`);
  }
  const bytes = xorWithName(Buffer.from(trimmed, 'base64'), name);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw new WalletError('WALLET_INVALID_INPUT', `${variable} does not decode to a UTF-8 password`, { cause: err });
  }
}

/**
 * The password for `keyfilePath` from the environment: btwallet's `BT_PW_*` variable, else its shell-safe spelling;
 * undefined when neither is set.
 */
export function passwordFromEnv(keyfilePath: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const name = envPasswordName(keyfilePath);
  for (const variable of new Set([name, shellEnvPasswordName(keyfilePath)])) {
    const value = env[variable];
    if (value !== undefined && value !== '') return decodeEnvPassword(name, value, variable);
  }
  return undefined;
}
