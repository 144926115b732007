// sr25519 verification as bittensor_wallet does it: the raw UTF-8 message first, then `<Bytes>` + message +
// `</Bytes>`. Uses @polkadot/wasm-crypto (schnorrkel compiled to WASM, "substrate" context): @polkadot/util-crypto 14's
// sr25519Verify is pure JavaScript (@scure/sr25519) and about ten times slower, which matters on the axon's hot path.
// Plain JavaScript so the verification worker can load it without a TypeScript loader.
import { sr25519Verify, waitReady } from '@polkadot/wasm-crypto';

const enc = new TextEncoder();
const OPEN = enc.encode('<Bytes>');
const CLOSE = enc.encode('</Bytes>');

/** Resolves once the WASM is initialised; call before `verifySr25519`. */
export function sr25519Ready() {
  return waitReady();
}

function check(signature, message, publicKey) {
  try {
    return sr25519Verify(signature, message, publicKey);
  } catch {
    return false; // bytes that are not a valid point: simply a signature that fails
  }
}

/** 'raw' | 'wrapped' | false. `signature` 64 bytes, `publicKey` 32 bytes, `message` a string. */
export function verifySr25519(message, signature, publicKey) {
  const raw = enc.encode(message);
  if (check(signature, raw, publicKey)) return 'raw';
  const wrapped = new Uint8Array(OPEN.length + raw.length + CLOSE.length);
  wrapped.set(OPEN, 0);
  wrapped.set(raw, OPEN.length);
  wrapped.set(CLOSE, OPEN.length + raw.length);
  return check(signature, wrapped, publicKey) ? 'wrapped' : false;
}
