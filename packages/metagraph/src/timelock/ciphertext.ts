import { TimelockError } from './errors.js';

/**
 * The ciphertext the chain stores and decrypts: arkworks' compressed serialisation of the timelock crate's
 * `TLECiphertext` on BLS12-381. Every byte vector carries a u64 little-endian length (not a SCALE compact):
 *
 *   U (96, compressed G2) | u64(32) V | u64(32) W | u64(B) body | u64(8) "AES_GCM_"
 *   body = u64(P+16) AES-GCM ciphertext‖tag | u64(12) nonce          (B = P + 44; total = 244 + P)
 */
export interface TimelockCiphertext {
  /** r·G2, compressed (96 bytes). */
  u: Uint8Array;
  /** sigma XOR H(e(Q_id, r·PK)) (32 bytes). */
  v: Uint8Array;
  /** key XOR H(sigma) (32 bytes). */
  w: Uint8Array;
  /** AES-256-GCM ciphertext with its 16-byte tag appended. */
  aesCiphertext: Uint8Array;
  /** AES-GCM nonce (12 bytes). */
  nonce: Uint8Array;
  /** The symmetric suite's name; the chain's is `AES_GCM_`. */
  cipherSuite: string;
}

export const AES_GCM_SUITE = 'AES_GCM_';
/** Framing overhead over the plaintext length. */
export const TIMELOCK_OVERHEAD = 244;

function u64le(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  return out;
}

function withLength(bytes: Uint8Array): Uint8Array[] {
  return [u64le(bytes.length), bytes];
}

export function serializeCiphertext(ct: TimelockCiphertext): Uint8Array {
  if (ct.u.length !== 96) throw new TimelockError('framing', `U must be 96 bytes, got ${ct.u.length}`);
  const body = concat([...withLength(ct.aesCiphertext), ...withLength(ct.nonce)]);
  return concat([
    ct.u,
    ...withLength(ct.v),
    ...withLength(ct.w),
    ...withLength(body),
    ...withLength(new TextEncoder().encode(ct.cipherSuite)),
  ]);
}

/**
 * Splits the bytes into their fields, checking every length against what the chain expects (V and W 32 bytes, a
 * 12-byte nonce, a tag, the `AES_GCM_` suite, nothing left over). It does not check that U is a curve point; the
 * decryption does.
 */
export function parseCiphertext(bytes: Uint8Array): TimelockCiphertext {
  let at = 0;
  const take = (n: number, what: string): Uint8Array => {
    if (n > bytes.length - at) {
      throw new TimelockError(
        'framing',
        `the ciphertext ends inside ${what} (offset ${at}: needs ${n} bytes, ${bytes.length - at} left of ${bytes.length})`,
      );
    }
    const out = bytes.subarray(at, at + n);
    at += n;
    return out;
  };
  const vec = (what: string, expect?: number): Uint8Array => {
    const lengthAt = at;
    const len = new DataView(take(8, `the length of ${what}`).slice().buffer).getBigUint64(0, true);
    if (expect !== undefined && len !== BigInt(expect)) {
      throw new TimelockError(
        'framing',
        `${what} must be ${expect} bytes, the length at offset ${lengthAt} says ${len}`,
      );
    }
    if (len > BigInt(bytes.length)) {
      throw new TimelockError(
        'framing',
        `${what} claims ${len} bytes at offset ${lengthAt}; the ciphertext has ${bytes.length}`,
      );
    }
    return take(Number(len), what);
  };
  const u = take(96, 'U (a 96-byte compressed G2 point)');
  const v = vec('V', 32);
  const w = vec('W', 32);
  const bodyStart = at + 8;
  const body = vec('the AES body');
  const bodyEnd = at;
  at = bodyStart;
  const aesCiphertext = vec('the AES-GCM ciphertext');
  if (aesCiphertext.length < 16) {
    throw new TimelockError('framing', `the AES-GCM ciphertext is ${aesCiphertext.length} bytes: shorter than its tag`);
  }
  const nonce = vec('the AES-GCM nonce', 12);
  if (at !== bodyEnd) {
    throw new TimelockError('framing', `the AES body is ${body.length} bytes but its fields use ${at - bodyStart}`);
  }
  const suite = new TextDecoder().decode(vec('the cipher suite'));
  if (suite !== AES_GCM_SUITE) {
    throw new TimelockError('framing', `the cipher suite is '${suite}'; the chain only decrypts '${AES_GCM_SUITE}'`);
  }
  if (at !== bytes.length) {
    throw new TimelockError('framing', `${bytes.length - at} unexpected bytes after the cipher suite`);
  }
  return {
    u: u.slice(),
    v: v.slice(),
    w: w.slice(),
    aesCiphertext: aesCiphertext.slice(),
    nonce: nonce.slice(),
    cipherSuite: suite,
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
