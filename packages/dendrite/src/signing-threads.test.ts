/**
 * With a wallet Keypair as signer, a Dendrite signs on worker threads (its own SigningPool): the axon still verifies
 * every signature, nonces stay strictly increasing, and close() ends the workers.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { epistulaMessage, epistulaSecretMessage, verifyRequestSignature, verifySignature } from '@subnetkit/synapse';
import { Keypair } from '@subnetkit/wallet';
import { Dendrite } from './dendrite.js';
import { Dummy, keys, listen, pythonLikeAxon, sendJson } from './testing/fake-axon.js';

// Worker threads do not show in getActiveResourcesInfo(); on Linux each one is an OS thread of this process.
const canCount = existsSync('/proc/self/task');
const threads = () => (canCount ? readdirSync('/proc/self/task').length : 0);

test('Keypair signer: requests signed on workers verify, nonces increase, close() leaves no worker', async () => {
  const bob = await keys.bob();
  const alice = await Keypair.fromUri('//Alice');
  const nonces: bigint[] = [];
  const server = await listen(
    pythonLikeAxon({
      hotkey: bob.address,
      onRequest: (h) => {
        assert.equal(verifyRequestSignature(h, bob.address).ok, true);
        nonces.push(BigInt(h.dendrite.nonce!));
      },
    }),
  );
  const before = threads();
  try {
    const dendrite = new Dendrite({ signer: alice, signingThreads: 1 });
    assert.equal((await dendrite.ready()).address, alice.address);
    if (canCount) assert.equal(threads(), before + 1, 'ready(): the signing worker is up before the first request');
    const axon = { ip: '127.0.0.1', port: server.port, hotkey: bob.address };
    for (let round = 0; round < 5; round++) {
      const out = await dendrite.forward(Array(40).fill(axon), Dummy, { input: round });
      assert.deepEqual(out, Array(40).fill(round * 2));
      await new Promise((r) => setTimeout(r, 30)); // lets the worker finish loading between rounds
    }
    if (canCount) assert.ok(threads() > before, 'a signing worker thread is running');
    assert.equal(nonces.length, 200);
    assert.equal(new Set(nonces).size, 200, 'every nonce is fresh');
    await dendrite.close();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(threads(), before, 'no signing worker thread left after close');
  } finally {
    await server.close();
  }
});

test('signingThreads: 0 signs on the main thread; a bad value is refused', async () => {
  const alice = await Keypair.fromUri('//Alice');
  assert.throws(() => new Dendrite({ signer: alice, signingThreads: -1 }), { code: 'DENDRITE_INVALID_OPTION' });
  const bob = await keys.bob();
  const server = await listen(pythonLikeAxon({ hotkey: bob.address }));
  try {
    const before = threads();
    const dendrite = new Dendrite({ signer: alice, signingThreads: 0 });
    const axon = { ip: '127.0.0.1', port: server.port, hotkey: bob.address };
    assert.deepEqual(await dendrite.forward([axon, axon], Dummy, { input: 4 }), [8, 8]);
    assert.equal(threads(), before, 'no worker started');
    await dendrite.close();
  } finally {
    await server.close();
  }
});

test('Epistula on the signing pool: the request and the three secret signatures each sign their own message', async () => {
  const bob = await keys.bob();
  const alice = await Keypair.fromUri('//Alice');
  const seen: { headers: Record<string, string>; body: Buffer }[] = [];
  const server = await listen((req, body, res) => {
    seen.push({ headers: req.headers as Record<string, string>, body });
    sendJson(res, 200, [], body.toString());
  });
  const dendrite = new Dendrite({ signer: alice, scheme: 'epistula', signingThreads: 2 });
  try {
    const axon = { ip: '127.0.0.1', port: server.port, hotkey: bob.address };
    await dendrite.forward(Array(12).fill(axon), Dummy, { input: 1 });
    assert.equal(seen.length, 12);
    for (const { headers: h, body } of seen) {
      const ts = Number(h['epistula-timestamp']);
      const digest = createHash('sha256').update(body).digest('hex');
      const request = epistulaMessage(digest, h['epistula-uuid']!, ts, bob.address);
      assert.equal(verifySignature(request, h['epistula-request-signature']!, alice.address), 'raw');
      ([-1, 0, 1] as const).forEach((offset, i) => {
        const secret = epistulaSecretMessage(ts, offset, bob.address);
        assert.equal(
          verifySignature(secret, h[`epistula-secret-signature-${i}`]!, alice.address),
          'raw',
          `secret ${i}`,
        );
      });
    }
  } finally {
    await dendrite.close();
    await server.close();
  }
});
