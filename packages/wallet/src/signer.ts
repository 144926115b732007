/**
 * The minimal signing interface that axon, dendrite and chain depend on. A `Keypair` implements it; a hardware or
 * remote signer can too. Signatures are sr25519 (schnorrkel, "substrate" context) over the raw bytes given:
 * a string is signed as its UTF-8 bytes, with no `<Bytes>` wrapper (the axon protocol signs raw messages).
 */
export interface Signer {
  /** SS58 address, format 42 ("5..."). */
  readonly address: string;
  /** 32-byte sr25519 public key. */
  readonly publicKey: Uint8Array;
  /** 64-byte sr25519 signature over the message bytes. */
  sign(message: Uint8Array | string): Uint8Array;
}
