// The one sr25519 verification of subnetkit (schnorrkel, "substrate" context), as bittensor_wallet does it: the raw
// message first, then `<Bytes>` + message + `</Bytes>` (what polkadot-js extensions' signRaw signs). synapse's
// verifySignature, the wallet's verifySignature and the axon (in process and in its verify worker) all call it.
// Plain JavaScript so a worker thread loads it without a TypeScript loader (`@subnetkit/synapse/sr25519-verify`);
// TypeScript code imports it from the package's main entry (sr25519.ts).
// @polkadot/wasm-crypto (schnorrkel compiled to WASM) is ~7-10x faster than @polkadot/util-crypto 14's pure-JS
// sr25519Verify; until `sr25519Ready()` has resolved the JS one answers (both give the same results).
import { sr25519Verify as jsVerify } from '@polkadot/util-crypto';
import { isReady, waitReady, sr25519Verify as wasmVerify } from '@polkadot/wasm-crypto';

const enc = new TextEncoder();
const OPEN = enc.encode('<Bytes>');
const CLOSE = enc.encode('</Bytes>');

/** Resolves once the WASM verifier is initialised. */
export function sr25519Ready() {
  return waitReady();
}

/** One check of exact bytes; false for any invalid signature, malformed points and wrong lengths included. */
export function sr25519VerifyBytes(message, signature, publicKey) {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return isReady() ? wasmVerify(signature, message, publicKey) : jsVerify(message, signature, publicKey);
  } catch {
    return false; // 64 bytes that are not a valid point: simply a signature that fails
  }
}

/** Which form verified, the raw message or the `<Bytes>`-wrapped one, or false. A string is taken as UTF-8. */
export function verifySr25519(message, signature, publicKey) {
  const raw = typeof message === 'string' ? enc.encode(message) : message;
  if (sr25519VerifyBytes(raw, signature, publicKey)) return 'raw';
  const wrapped = new Uint8Array(OPEN.length + raw.length + CLOSE.length);
  wrapped.set(OPEN, 0);
  wrapped.set(raw, OPEN.length);
  wrapped.set(CLOSE, OPEN.length + raw.length);
  return sr25519VerifyBytes(wrapped, signature, publicKey) ? 'wrapped' : false;
}
