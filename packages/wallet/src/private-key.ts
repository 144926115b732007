/**
 * The two 64-byte encodings of an sr25519 secret key (32-byte scalar ‖ 32-byte nonce):
 *
 * - **sp-core / schnorrkel canonical** (`SecretKey::to_bytes`): the scalar as canonical little-endian bytes. This is
 *   what btwallet writes as `privateKey` (`Pair::to_raw_vec()`).
 * - **polkadot-js** (schnorrkel `to_ed25519_bytes`, "half-ed25519"): the scalar multiplied by the cofactor 8, the way
 *   ed25519 stores its clamped secret. @polkadot/util-crypto (via @scure/sr25519) expects and produces this form.
 *
 * The nonce half is identical in both. Feeding one form to code that expects the other silently gives another key,
 * so every conversion goes through here and is checked against the expected public key by the caller.
 */
import { sr25519Agreement } from '@polkadot/util-crypto';
import { WalletError } from './errors.js';

/** Group order ℓ of the Ristretto255 group (2^252 + 27742317777372353535851937790883648493). */
const L = (1n << 252n) + 27742317777372353535851937790883648493n;
const MASK_256 = (1n << 256n) - 1n;
/** Compressed Ristretto255 base point B; an sr25519 public key is scalar·B. */
const RISTRETTO_BASEPOINT = Uint8Array.from(
  Buffer.from('e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76', 'hex'),
);

function leToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] ?? 0);
  return n;
}

function bigIntToLe32(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = n;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function check64(secret: Uint8Array, what: string): void {
  if (!(secret instanceof Uint8Array) || secret.length !== 64) {
    throw new WalletError('WALLET_INVALID_INPUT', `${what} must be 64 bytes (scalar ‖ nonce)`);
  }
}

/** sp-core canonical `to_bytes` → polkadot-js form. Rejects a non-canonical scalar as schnorrkel's `from_bytes` does. */
export function spCoreToPolkadotSecret(secret: Uint8Array): Uint8Array {
  check64(secret, 'sp-core secret key');
  const scalar = leToBigInt(secret.subarray(0, 32));
  if (scalar >= L) {
    throw new WalletError('WALLET_INVALID_INPUT', 'sp-core secret key scalar is not canonical (≥ group order)');
  }
  const out = new Uint8Array(64);
  out.set(bigIntToLe32((scalar << 3n) & MASK_256), 0);
  out.set(secret.subarray(32, 64), 32);
  return out;
}

/** polkadot-js form → sp-core canonical `to_bytes` (scalar = bytes / 8, reduced mod ℓ). */
export function polkadotToSpCoreSecret(secret: Uint8Array): Uint8Array {
  check64(secret, 'polkadot-js secret key');
  const scalar = (leToBigInt(secret.subarray(0, 32)) >> 3n) % L;
  const out = new Uint8Array(64);
  out.set(bigIntToLe32(scalar), 0);
  out.set(secret.subarray(32, 64), 32);
  return out;
}

/** The 32-byte public key (scalar·B) of a polkadot-js-form secret key. */
export function publicKeyOfPolkadotSecret(secret: Uint8Array): Uint8Array {
  check64(secret, 'polkadot-js secret key');
  // Diffie-Hellman with the base point is exactly scalar·B, i.e. the public key.
  return sr25519Agreement(secret, RISTRETTO_BASEPOINT);
}
