/**
 * Test/bench-only signer on @polkadot/wasm-crypto (schnorrkel in WASM, the "substrate" context). The wallet's
 * `Keypair.sign` runs @polkadot/util-crypto 14's pure-JS @scure/sr25519, about 10× slower; tests that send thousands
 * of requests use this so they measure sockets, not signing. Signatures verify like any sr25519 signature.
 */
import { sr25519KeypairFromSeed, sr25519Sign, waitReady } from '@polkadot/wasm-crypto';
import type { Signer } from '@subnetkit/wallet';
import { publicKeyToSs58 } from '@subnetkit/wallet';

export async function wasmTestSigner(seedByte = 7): Promise<Signer> {
  await waitReady();
  const pair = sr25519KeypairFromSeed(new Uint8Array(32).fill(seedByte));
  const secretKey = pair.slice(0, 64);
  const publicKey = pair.slice(64);
  const enc = new TextEncoder();
  return {
    address: publicKeyToSs58(publicKey),
    publicKey,
    sign: (message) => sr25519Sign(publicKey, secretKey, typeof message === 'string' ? enc.encode(message) : message),
  };
}
