import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Keypair, verifySignature } from '@subnetkit/wallet';
import { ChainError } from './errors.js';
import { toKeyringPair } from './signer.js';

test('a wallet Keypair is used through its own toKeyringPair()', async () => {
  const alice = await Keypair.fromUri('//Alice');
  assert.equal(toKeyringPair(alice), alice.toKeyringPair());
});

test('a raw Signer is adapted: plain 64-byte signatures, and a typed sr25519 one (prefix 0x01) when asked', async () => {
  const alice = await Keypair.fromUri('//Alice');
  const raw = { address: alice.address, publicKey: alice.publicKey, sign: (m: Uint8Array) => alice.sign(m) };
  const pair = toKeyringPair(raw);
  assert.equal(pair.address, alice.address);
  assert.deepEqual(pair.addressRaw, alice.publicKey);
  const msg = new Uint8Array([1, 2, 3]);
  const plainSig = pair.sign(msg);
  assert.equal(plainSig.length, 64);
  assert.ok(verifySignature(msg, plainSig, alice.address));
  const typed = pair.sign(msg, { withType: true });
  assert.equal(typed.length, 65);
  assert.equal(typed[0], 1);
  assert.ok(verifySignature(msg, typed.subarray(1), alice.address));
});

test('anything else is refused with InvalidSigner', () => {
  for (const bad of [null, {}, { address: 'x', publicKey: new Uint8Array(31), sign: () => new Uint8Array() }]) {
    assert.throws(
      () => toKeyringPair(bad as never),
      (e: unknown) => ChainError.is(e, 'InvalidSigner') && e.kind === 'input',
    );
  }
});
