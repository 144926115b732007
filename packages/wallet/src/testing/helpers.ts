/** Shared by this package's tests only. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WalletError } from '../errors.js';
import type { Argon2iParams, Pbkdf2Params } from '../kdf.js';

/** Argon2i cheap enough for logic tests. Files written with it are NOT readable by btcli. */
export const CHEAP_NACL_KDF: Argon2iParams = {
  alg: 'argon2i',
  iterations: 1,
  memoryKiB: 64,
  parallelism: 1,
  keyLength: 32,
};
export const CHEAP_LEGACY_KDF: Pbkdf2Params = { alg: 'pbkdf2-sha256', iterations: 1000, keyLength: 32 };
export const CHEAP = { naclKdf: CHEAP_NACL_KDF, legacyKdf: CHEAP_LEGACY_KDF };

export function errorCode(err: unknown): string | undefined {
  return err instanceof WalletError ? err.code : undefined;
}

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'subnetkit-wallet-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
