import type { IKeyringPair } from '@polkadot/types/types';
import { u8aConcat } from '@polkadot/util';
import type { Signer } from '@subnetkit/wallet';
import { ChainError } from './errors.js';

/**
 * Anything that can sign an extrinsic: a wallet `Keypair` (through its `toKeyringPair()`), a @polkadot/keyring
 * `KeyringPair`, or any `Signer` (@subnetkit/wallet's one signing contract: raw sr25519 over the given bytes).
 */
export type ChainSigner = IKeyringPair | { toKeyringPair(): IKeyringPair } | Signer;

// MultiSignature's variant index for sr25519, prefixed when polkadot-js asks for a typed signature.
const SR25519_TYPE = new Uint8Array([1]);

/** Normalises a ChainSigner to the IKeyringPair that @polkadot/api signs with. */
export function toKeyringPair(signer: ChainSigner): IKeyringPair {
  if (signer && typeof (signer as { toKeyringPair?: unknown }).toKeyringPair === 'function') {
    return (signer as { toKeyringPair(): IKeyringPair }).toKeyringPair();
  }
  if (signer && (signer as IKeyringPair).addressRaw instanceof Uint8Array) return signer as IKeyringPair;
  const raw = signer as Signer;
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
