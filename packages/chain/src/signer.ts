import type { IKeyringPair } from '@polkadot/types/types';
import { u8aConcat } from '@polkadot/util';
import { ChainError } from './errors.js';

/** The raw-bytes sr25519 signer shape of `@subnetkit/wallet`'s `Signer` (a `Keypair` is one). */
export interface RawSr25519Signer {
  readonly address: string;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

/**
 * Anything that can sign an extrinsic: a wallet `Keypair` (through its `toKeyringPair()`), a @polkadot/keyring
 * `KeyringPair`, or any raw sr25519 `Signer`.
 */
export type ChainSigner = IKeyringPair | { toKeyringPair(): IKeyringPair } | RawSr25519Signer;

// MultiSignature's variant index for sr25519, prefixed when polkadot-js asks for a typed signature.
const SR25519_TYPE = new Uint8Array([1]);

/** Normalises a ChainSigner to the IKeyringPair that @polkadot/api signs with. */
export function toKeyringPair(signer: ChainSigner): IKeyringPair {
  if (signer && typeof (signer as { toKeyringPair?: unknown }).toKeyringPair === 'function') {
    return (signer as { toKeyringPair(): IKeyringPair }).toKeyringPair();
  }
  if (signer && (signer as IKeyringPair).addressRaw instanceof Uint8Array) return signer as IKeyringPair;
  const raw = signer as RawSr25519Signer;
  if (!raw || typeof raw.sign !== 'function' || !(raw.publicKey instanceof Uint8Array) || raw.publicKey.length !== 32) {
    throw new ChainError(
      'InvalidSigner',
      'invalid signer: pass a wallet Keypair, a @polkadot/keyring KeyringPair or a Signer with a 32-byte sr25519 publicKey',
      { kind: 'input' },
    );
  }
  return {
    address: raw.address,
    addressRaw: raw.publicKey,
    publicKey: raw.publicKey,
    sign: (data, options) => {
      const sig = raw.sign(data);
      return options?.withType ? u8aConcat(SR25519_TYPE, sig) : sig;
    },
  };
}
