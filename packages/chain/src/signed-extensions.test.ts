import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { TypeRegistry } from '@polkadot/types';
import type { SignerPayloadJSON } from '@polkadot/types/types';
import { hexToU8a } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress, sr25519PairFromSeed, sr25519Sign, sr25519Verify } from '@polkadot/util-crypto';
import {
  payloadSigner,
  SUBTENSOR_SIGNED_EXTENSIONS,
  signingPayload,
  unsupportedSignedExtensions,
} from './signed-extensions.js';

interface Fixture {
  name: string;
  payload: SignerPayloadJSON;
  signerPublicKey: string;
  signature: string;
}
const { fixtures } = JSON.parse(
  readFileSync(new URL('../../../../shared/vectors/finney-extrinsics.json', import.meta.url), 'utf8'),
) as { fixtures: Fixture[] };

/** A registry set up as ChainClient sets up @polkadot/api's: the runtime's extension list plus subtensor's own. */
function registryFor(extensions: string[]) {
  const registry = new TypeRegistry();
  registry.setSignedExtensions(extensions, SUBTENSOR_SIGNED_EXTENSIONS, true);
  return registry;
}

before(() => cryptoWaitReady());

describe('finney (spec 467) signing payloads', () => {
  for (const f of fixtures) {
    it(`rebuilds the payload of ${f.name.split(' ')[0]} and its real signature verifies`, () => {
      assert.equal(encodeAddress(f.signerPublicKey, 42), f.payload.address);
      const registry = registryFor(f.payload.signedExtensions);
      assert.deepEqual(unsupportedSignedExtensions(registry), []);
      const bytes = signingPayload(registry, f.payload);
      assert.equal(sr25519Verify(bytes, f.signature, f.signerPublicKey), true);
      // Any field that differs gives another payload: the signature is not over it.
      const otherNonce = signingPayload(registry, { ...f.payload, nonce: '0x00000001' });
      assert.equal(sr25519Verify(otherNonce, f.signature, f.signerPublicKey), false);
    });
  }

  it('hashes a payload longer than 256 bytes (the timelocked commit) and not a short one (the transfer)', () => {
    const [transfer, commit] = fixtures as [Fixture, Fixture];
    const short = signingPayload(registryFor(transfer.payload.signedExtensions), transfer.payload);
    assert.ok(short.length < 256);
    const method = hexToU8a(transfer.payload.method);
    assert.deepEqual(short.subarray(0, method.length), method); // the call first, without a length prefix
    assert.equal(signingPayload(registryFor(commit.payload.signedExtensions), commit.payload).length, 32);
  });

  it('signs through payloadSigner exactly these bytes, with the sr25519 type byte', async () => {
    const pair = sr25519PairFromSeed(new Uint8Array(32).fill(9));
    const keyring = {
      address: encodeAddress(pair.publicKey),
      addressRaw: pair.publicKey,
      publicKey: pair.publicKey,
      sign: (data: Uint8Array, o?: { withType?: boolean }) => {
        const sig = sr25519Sign(data, pair);
        return o?.withType ? Uint8Array.of(1, ...sig) : sig;
      },
    };
    const f = fixtures[1] as Fixture;
    const registry = registryFor(f.payload.signedExtensions);
    const { signature } = await payloadSigner(registry, keyring).signPayload!({
      ...f.payload,
      address: keyring.address,
    });
    const sig = hexToU8a(signature);
    assert.equal(sig[0], 1);
    const bytes = signingPayload(registry, { ...f.payload, address: keyring.address });
    assert.equal(sr25519Verify(bytes, sig.subarray(1), pair.publicKey), true);
  });

  it('names signed extensions it cannot encode instead of signing wrongly', () => {
    const registry = registryFor([...(fixtures[0] as Fixture).payload.signedExtensions, 'ChargeAssetTxPaymentV9']);
    assert.deepEqual(unsupportedSignedExtensions(registry), ['ChargeAssetTxPaymentV9']);
  });
});
