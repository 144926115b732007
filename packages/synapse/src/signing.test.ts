import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isReady } from '@polkadot/wasm-crypto';
import { defineSynapse } from './define.js';
import { fromHeaders } from './headers.js';
import { captureRequests } from './raw-request.js';
import {
  publicKeyOf,
  signatureFromHex,
  signatureVerifierReady,
  signedMessage,
  verifyRequestSignature,
  verifySignature,
} from './signing.js';
import { devKey, readSharedVector } from './test-support.js';

const alice = devKey('//Alice');
const bob = devKey('//Bob');
const message = signedMessage({
  nonce: 1n,
  dendriteHotkey: alice.address,
  axonHotkey: bob.address,
  uuid: 'u',
  bodyHash: 'h',
});
const Dummy = defineSynapse({ name: 'Dummy', fields: {} });
const [good, badsig] = captureRequests(readSharedVector('python-peer-capture.txt')).map((r) =>
  fromHeaders(Dummy, r.request.headers),
);

function verdicts() {
  const raw = `0x${Buffer.from(alice.sign(message)).toString('hex')}`;
  const wrapped = `0x${Buffer.from(alice.sign(`<Bytes>${message}</Bytes>`)).toString('hex')}`;
  return [
    verifySignature(message, raw, alice.address),
    verifySignature(message, wrapped, alice.address),
    verifySignature(message, raw, bob.address),
    verifySignature(`${message}x`, raw, alice.address),
    verifyRequestSignature(good!, bob.address).ok,
    verifyRequestSignature(badsig!, bob.address).ok, // 64 bytes that are not a valid point
  ];
}

test('the pure-JS and the WASM verifier give the same answers', async () => {
  assert.equal(isReady(), false);
  const js = verdicts();
  assert.deepEqual(js, ['raw', 'wrapped', false, false, true, false]);
  await signatureVerifierReady();
  assert.equal(isReady(), true);
  assert.deepEqual(verdicts(), js);
});

test('malformed inputs are clear errors', () => {
  assert.throws(() => publicKeyOf('not-an-address'), { code: 'SYNAPSE_INVALID_ADDRESS' });
  assert.throws(() => signatureFromHex('0x1234'), { code: 'SYNAPSE_INVALID_SIGNATURE' });
  assert.throws(() => verifySignature(message, 'ab'.repeat(64), alice.address), { code: 'SYNAPSE_INVALID_SIGNATURE' });
  const noSig = { ...good!, dendrite: { ...good!.dendrite, signature: null } };
  assert.deepEqual(verifyRequestSignature(noSig, bob.address).ok, false);
  const r = verifyRequestSignature(noSig, bob.address);
  assert.equal(!r.ok && r.reason, 'Missing signature');
  const noKey = { ...good!, dendrite: { ...good!.dendrite, hotkey: null } };
  const k = verifyRequestSignature(noKey, bob.address);
  assert.equal(!k.ok && k.reason, 'No SS58 formatted address or public key provided.');
});
