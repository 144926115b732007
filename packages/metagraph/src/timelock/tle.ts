import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { bytesToNumberBE } from '@noble/curves/abstract/utils';
import { bls12_381 } from '@noble/curves/bls12-381';
import { sha256 } from '@noble/hashes/sha2';
import { AES_GCM_SUITE, parseCiphertext, serializeCiphertext } from './ciphertext.js';
import { type BeaconConfig, QUICKNET, QUICKNET_DST, roundIdentity } from './drand.js';
import { TimelockError } from './errors.js';

/**
 * Timelock encryption to a drand round, as subtensor decrypts it (the timelock crate's `tle`/`tld` with the
 * "TinyBLS381" engine: identities and signatures on G1, the beacon key and U on G2). A Boneh-Franklin IBE wraps a
 * random AES-256-GCM key: the round's signature, published by the beacon at that round, is the IBE secret key.
 */

const { G1, G2, fields } = bls12_381;
const R = fields.Fr.ORDER;
type G1Point = ReturnType<typeof G1.ProjectivePoint.fromHex>;
type G2Point = ReturnType<typeof G2.ProjectivePoint.fromHex>;

export interface EncryptOptions {
  /** The beacon's public key (96-byte compressed G2); default quicknet's. */
  publicKey?: Uint8Array;
  /** Randomness source (32 bytes for the key and for sigma, 12 for the nonce); default node:crypto. Tests only. */
  randomBytes?: (n: number) => Uint8Array;
}

/** Encrypts `message` so that it can be read only with the beacon's signature for `round`. */
export function timelockEncrypt(message: Uint8Array, round: bigint | number, opts: EncryptOptions = {}): Uint8Array {
  const rand = opts.randomBytes ?? ((n: number) => new Uint8Array(randomBytes(n)));
  const pk = g2FromBytes(opts.publicKey ?? QUICKNET.publicKey, 'the beacon public key', 'signature');
  const q = G1.hashToCurve(roundIdentity(round), { DST: QUICKNET_DST }) as unknown as G1Point;
  const key = rand(32);
  let sigma: Uint8Array;
  let r: bigint;
  do {
    sigma = rand(32);
    r = scalarOf(sigma, key);
  } while (r === 0n); // r = 0 happens with probability ~2^-255; U would be the identity
  const u = G2.ProjectivePoint.BASE.multiply(r);
  const v = xor(sigma, gtHash(bls12_381.pairing(q, pk.multiply(r))));
  const w = xor(key, sha256(sigma));
  const nonce = rand(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const aesCiphertext = concat2(concat2(cipher.update(message), cipher.final()), cipher.getAuthTag());
  return serializeCiphertext({ u: u.toRawBytes(true), v, w, aesCiphertext, nonce, cipherSuite: AES_GCM_SUITE });
}

export interface DecryptOptions {
  /** When given with `beacon`, the signature is first checked to be the beacon's for this round (a clearer error). */
  round?: bigint | number;
  beacon?: Pick<BeaconConfig, 'publicKey'>;
}

/**
 * Decrypts with a round's signature (48-byte compressed G1) exactly as the chain does, failing with a
 * `TimelockError` whose `reason` says which of the chain's steps would drop the commit.
 */
export function timelockDecrypt(ciphertext: Uint8Array, signature: Uint8Array, opts: DecryptOptions = {}): Uint8Array {
  const ct = parseCiphertext(ciphertext);
  const u = g2FromBytes(ct.u, 'U', 'framing');
  let sig: G1Point;
  try {
    if (signature.length !== 48) throw new Error(`expected 48 bytes, got ${signature.length}`);
    sig = G1.ProjectivePoint.fromHex(signature);
  } catch (cause) {
    throw new TimelockError(
      'signature',
      `the round signature is not a compressed G1 point: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  if (opts.round !== undefined) assertRoundSignature(sig, opts.round, opts.beacon?.publicKey ?? QUICKNET.publicKey);
  const sigma = xor(ct.v, gtHash(bls12_381.pairing(sig, u)));
  const key = xor(ct.w, sha256(sigma));
  const r = scalarOf(sigma, key);
  if (r === 0n || !G2.ProjectivePoint.BASE.multiply(r).equals(u)) {
    throw new TimelockError(
      'u-check',
      'the consistency check r·G2 = U failed: this is not the signature of the round the commit was encrypted to ' +
        '(or V/W were altered). The chain drops such a commit.',
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, ct.nonce);
    decipher.setAuthTag(ct.aesCiphertext.subarray(-16));
    return concat2(decipher.update(ct.aesCiphertext.subarray(0, -16)), decipher.final());
  } catch (cause) {
    throw new TimelockError('aes-tag', 'the AES-GCM tag does not verify: the encrypted body was altered', { cause });
  }
}

/** Whether `signature` is the beacon's BLS signature of `round` (e(sig, G2) = e(H(id), PK)). */
export function verifyRoundSignature(
  signature: Uint8Array,
  round: bigint | number,
  publicKey: Uint8Array = QUICKNET.publicKey,
): boolean {
  try {
    assertRoundSignature(G1.ProjectivePoint.fromHex(signature), round, publicKey);
    return true;
  } catch {
    return false;
  }
}

function assertRoundSignature(sig: G1Point, round: bigint | number, publicKey: Uint8Array): void {
  const pk = g2FromBytes(publicKey, 'the beacon public key', 'signature');
  const q = G1.hashToCurve(roundIdentity(round), { DST: QUICKNET_DST }) as unknown as G1Point;
  const lhs = bls12_381.pairing(sig, G2.ProjectivePoint.BASE);
  const rhs = bls12_381.pairing(q, pk);
  if (!bls12_381.fields.Fp12.eql(lhs, rhs)) {
    throw new TimelockError('signature', `the signature is not the beacon's signature for round ${round}`);
  }
}

function g2FromBytes(bytes: Uint8Array, what: string, reason: 'framing' | 'signature'): G2Point {
  try {
    if (bytes.length !== 96) throw new Error(`expected 96 bytes, got ${bytes.length}`);
    // fromHex checks that the point is on the curve and in the prime-order subgroup, as the chain's decoder does.
    return G2.ProjectivePoint.fromHex(bytes);
  } catch (cause) {
    throw new TimelockError(reason, `${what} is not a valid compressed G2 point: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/** r = SHA-256(sigma ‖ key) as a big-endian integer, reduced mod the group order (no domain tag, no rejection). */
function scalarOf(sigma: Uint8Array, key: Uint8Array): bigint {
  return bytesToNumberBE(sha256(concat2(sigma, key))) % R;
}

type Fp2 = { c0: bigint; c1: bigint };
type Fp6 = { c0: Fp2; c1: Fp2; c2: Fp2 };
type Fp12 = { c0: Fp6; c1: Fp6 };

/** SHA-256 of a GT element in arkworks' layout: the 12 base-field coefficients in tower order, 48 bytes LE each. */
function gtHash(g: unknown): Uint8Array {
  const f = g as Fp12;
  const out = new Uint8Array(12 * 48);
  let at = 0;
  for (const six of [f.c0, f.c1]) {
    for (const two of [six.c0, six.c1, six.c2]) {
      for (let x of [two.c0, two.c1]) {
        for (let i = 0; i < 48; i++, x >>= 8n) out[at + i] = Number(x & 0xffn);
        at += 48;
      }
    }
  }
  return sha256(out);
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((x, i) => x ^ (b[i] as number));
}

function concat2(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
