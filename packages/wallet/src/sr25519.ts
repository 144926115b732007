/**
 * sr25519 signing. @polkadot/util-crypto 14 runs sr25519 in pure JS (@scure/sr25519); the schnorrkel WASM build
 * in @polkadot/wasm-crypto (already in the tree as util-crypto's dependency, initialised by `cryptoReady()`) is the
 * same algorithm as btwallet's and measured ~6-8× faster here, which matters on the axon's verify-per-request path.
 * Before the WASM is ready (a sync call without `await cryptoReady()`), the JS implementation answers; signatures
 * from either verify with the other. Verification is the one of @subnetkit/synapse (`verifySr25519`).
 */
import { sr25519Sign as jsSign } from '@polkadot/util-crypto';
import { isReady, sr25519Sign as wasmSign } from '@polkadot/wasm-crypto';

/** `secretKey` is the 64-byte polkadot-js (ed25519-style) form. */
export function sr25519SignBytes(message: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array {
  if (isReady()) return wasmSign(publicKey, secretKey, message);
  return jsSign(message, { publicKey, secretKey });
}
