import { sha256 } from '@noble/hashes/sha2';

/**
 * The drand beacon subtensor reveals timelocked commits with: "quicknet" (unchained BLS signatures on G1 with the
 * RFC 9380 hash-to-curve, public key on G2, a round every 3 s). These are the chain's default `Drand.BeaconConfig`;
 * a client reads the live values from storage (`readTimelockState`) and uses these only where a chain has none.
 */
export interface BeaconConfig {
  /** The beacon's BLS public key: a compressed G2 point, 96 bytes. */
  publicKey: Uint8Array;
  /** Unix time (seconds) of round 1. */
  genesisTime: number;
  /** Seconds between rounds. */
  period: number;
}

export const QUICKNET: Readonly<BeaconConfig> & { chainHash: string } = Object.freeze({
  publicKey: Uint8Array.from(
    Buffer.from(
      '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c92' +
        '1cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
      'hex',
    ),
  ),
  genesisTime: 1692803367,
  period: 3,
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
});

/** The domain separation tag quicknet signs with (hash-to-G1, SSWU, random oracle). */
export const QUICKNET_DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';

/** The identity a round's ciphertexts are encrypted to, and the message its beacon signs: sha256(round as u64 BE). */
export function roundIdentity(round: bigint | number): Uint8Array {
  const r = BigInt(round);
  if (r < 0n || r >= 1n << 64n) throw new RangeError(`drand round must be a u64, got ${r}`);
  const be = new Uint8Array(8);
  new DataView(be.buffer).setBigUint64(0, r, false);
  return sha256(be);
}
