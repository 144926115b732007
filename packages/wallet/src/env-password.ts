/**
 * btwallet's `BT_PW_*` environment password: the variable is named after the keyfile's path and holds
 * base64(password XOR name-bytes, name cycled). This is obfuscation, not encryption; it only keeps the plain
 * password out of casual `env` listings.
 */
import { sep } from 'node:path';
import { WalletError } from './errors.js';

/** `BT_PW_` + the keyfile path uppercased, with path separators and `.` replaced by `_`. */
export function envPasswordName(keyfilePath: string): string {
  return `BT_PW_${keyfilePath.split(sep).join('_').replaceAll('/', '_').replaceAll('.', '_').toUpperCase()}`;
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

/** The password held in variable `name` with value `value`. */
export function decodeEnvPassword(name: string, value: string): string {
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(trimmed) || trimmed.length % 4 !== 0) {
    throw new WalletError('WALLET_INVALID_INPUT', `${name} is not valid base64 (it must hold an encoded password)`);
  }
  const bytes = xorWithName(Buffer.from(trimmed, 'base64'), name);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw new WalletError('WALLET_INVALID_INPUT', `${name} does not decode to a UTF-8 password`, { cause: err });
  }
}

/** The password for `keyfilePath` from the environment, or undefined when its `BT_PW_*` variable is not set. */
export function passwordFromEnv(keyfilePath: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const name = envPasswordName(keyfilePath);
  const value = env[name];
  return value === undefined || value === '' ? undefined : decodeEnvPassword(name, value);
}
