import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sr25519PairFromSeed, sr25519Sign, sr25519Verify } from '@polkadot/util-crypto';
import { isReady } from '@polkadot/wasm-crypto';
import { sr25519VerifyBytes } from '@subnetkit/synapse';
import { cryptoReady } from './index.js';
import { sr25519SignBytes } from './sr25519.js';

describe('sr25519 through the schnorrkel WASM', () => {
  it('interoperates with the pure-JS implementation both ways', async () => {
    await cryptoReady();
    assert.equal(isReady(), true, 'cryptoReady() initialises the WASM');
    const pair = sr25519PairFromSeed(new Uint8Array(32).fill(9));
    const msg = new TextEncoder().encode('interop');
    const ours = sr25519SignBytes(msg, pair.publicKey, pair.secretKey);
    assert.equal(sr25519Verify(msg, ours, pair.publicKey), true);
    assert.equal(sr25519VerifyBytes(msg, sr25519Sign(msg, pair), pair.publicKey), true);
    assert.equal(sr25519VerifyBytes(new TextEncoder().encode('other'), ours, pair.publicKey), false);
  });

  it('answers false for malformed signatures and keys instead of throwing', async () => {
    await cryptoReady();
    const pair = sr25519PairFromSeed(new Uint8Array(32).fill(9));
    const msg = new Uint8Array([1, 2, 3]);
    assert.equal(sr25519VerifyBytes(msg, new Uint8Array(64), pair.publicKey), false);
    assert.equal(sr25519VerifyBytes(msg, new Uint8Array(64).fill(0xff), pair.publicKey), false);
    assert.equal(sr25519VerifyBytes(msg, new Uint8Array(63), pair.publicKey), false);
    const sig = sr25519SignBytes(msg, pair.publicKey, pair.secretKey);
    assert.equal(sr25519VerifyBytes(msg, sig, new Uint8Array(32).fill(0xff)), false);
  });
});
