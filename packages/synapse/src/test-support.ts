/**
 * Test support (not exported from the package): dev keys derived with @polkadot/util-crypto alone, and the path of
 * the shared vectors, which are read in place (never copied into the repo).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  encodeAddress,
  keyExtractPath,
  keyFromPath,
  mnemonicToMiniSecret,
  sr25519PairFromSeed,
  sr25519Sign,
} from '@polkadot/util-crypto';

const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

export interface DevKey {
  address: string;
  publicKey: Uint8Array;
  sign(message: Uint8Array | string): Uint8Array;
}

/** A dev key such as `//Alice`, as @polkadot/keyring derives it (sr25519, hard junction). */
export function devKey(uri: '//Alice' | '//Bob' | '//Charlie'): DevKey {
  const { path } = keyExtractPath(uri);
  const root = sr25519PairFromSeed(mnemonicToMiniSecret(DEV_PHRASE));
  const pair = keyFromPath(root, path, 'sr25519');
  return {
    address: encodeAddress(pair.publicKey, 42),
    publicKey: pair.publicKey,
    sign: (m) => sr25519Sign(typeof m === 'string' ? new TextEncoder().encode(m) : m, pair),
  };
}

/** `<repo root>/../shared/vectors/<name>` */
export function sharedVectorPath(name: string): string {
  return fileURLToPath(new URL(`../../../../shared/vectors/${name}`, import.meta.url));
}

export function readSharedVector(name: string): string {
  return readFileSync(sharedVectorPath(name), 'utf8');
}
