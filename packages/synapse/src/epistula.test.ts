import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { EpistulaVerifier, epistulaHeaders, epistulaMessage, epistulaSecretMessage } from './epistula.js';
import { verifySignature } from './signing.js';
import { devKey } from './test-support.js';

const alice = devKey('//Alice');
const bob = devKey('//Bob');
const T0 = 1763772012345;
const body = JSON.stringify({ prompt: 'hi' });

function verifier(now = T0, extra = {}) {
  return new EpistulaVerifier({ receiverHotkey: bob.address, clock: () => now, ...extra });
}

describe('Epistula v2', () => {
  test('headers and the signed message', () => {
    const h = epistulaHeaders({ body, signer: alice, timestampMs: T0, uuid: '0e3b5b7a-2a3c-4c1e-9a59-0e2f5f6b6c7d' });
    assert.equal(h['Epistula-Version'], '2');
    assert.equal(h['Epistula-Timestamp'], String(T0));
    assert.equal(h['Epistula-Signed-By'], alice.address);
    assert.equal(h['Epistula-Signed-For'], undefined);
    const sha = createHash('sha256').update(body).digest('hex');
    const message = `${sha}.0e3b5b7a-2a3c-4c1e-9a59-0e2f5f6b6c7d.${T0}.`;
    assert.equal(epistulaMessage(sha, '0e3b5b7a-2a3c-4c1e-9a59-0e2f5f6b6c7d', T0), message);
    assert.equal(verifySignature(message, h['Epistula-Request-Signature']!, alice.address), 'raw');
  });
  test('secret signatures use the Python float interval (spec example)', () => {
    assert.equal(epistulaSecretMessage(T0, -1, bob.address), `1763772019999.0.${bob.address}`);
    assert.equal(epistulaSecretMessage(T0, 0, bob.address), `1763772020000.0.${bob.address}`);
    assert.equal(epistulaSecretMessage(T0, 1, bob.address), `1763772020001.0.${bob.address}`);
    const h = epistulaHeaders({ body, signer: alice, signedFor: bob.address, timestampMs: T0 });
    assert.equal(h['Epistula-Signed-For'], bob.address);
    [-1, 0, 1].forEach((o, i) => {
      const sig = h[`Epistula-Secret-Signature-${i}`]!;
      assert.equal(verifySignature(epistulaSecretMessage(T0, o as -1 | 0 | 1, bob.address), sig, alice.address), 'raw');
    });
  });
  test('round trip', () => {
    const h = epistulaHeaders({ body, signer: alice, signedFor: bob.address, timestampMs: T0 });
    const v = verifier(T0 + 100).verify(h, body);
    assert.equal(v.ok, true);
    assert.equal(v.ok && v.signedBy, alice.address);
    assert.equal(v.ok && v.signedFor, bob.address);
  });
  test('a tampered body, signer or receiver fails', () => {
    const h = epistulaHeaders({ body, signer: alice, signedFor: bob.address, timestampMs: T0 });
    const r1 = verifier().verify(h, `${body} `);
    assert.equal(!r1.ok && r1.code, 'BAD_SIGNATURE');
    const r2 = verifier().verify({ ...h, 'Epistula-Signed-By': bob.address }, body);
    assert.equal(!r2.ok && r2.code, 'BAD_SIGNATURE');
    const forAlice = epistulaHeaders({ body, signer: bob, signedFor: alice.address, timestampMs: T0 });
    const r3 = verifier().verify(forAlice, body);
    assert.equal(!r3.ok && r3.code, 'WRONG_RECEIVER');
  });
  test('a replay within the window is rejected', () => {
    const v = verifier();
    const h = epistulaHeaders({ body, signer: alice, timestampMs: T0 });
    assert.equal(v.verify(h, body).ok, true);
    const again = v.verify(h, body);
    assert.equal(!again.ok && again.code, 'REPLAY');
  });
  test('stale and future timestamps', () => {
    const h = epistulaHeaders({ body, signer: alice, timestampMs: T0 });
    const stale = verifier(T0 + 8001).verify(h, body);
    assert.equal(!stale.ok && stale.code, 'STALE');
    assert.equal(verifier(T0 + 8000).verify(h, body).ok, true);
    const future = verifier(T0 - 8001).verify(h, body);
    assert.equal(!future.ok && future.code, 'FUTURE');
  });
  test('malformed or missing headers', () => {
    const h = epistulaHeaders({ body, signer: alice, timestampMs: T0 });
    const missing = { ...h };
    delete (missing as Record<string, string>)['Epistula-Uuid'];
    const m = verifier().verify(missing, body);
    assert.equal(!m.ok && m.code, 'MISSING_HEADER');
    const badSig = verifier().verify({ ...h, 'Epistula-Request-Signature': 'deadbeef' }, body);
    assert.equal(!badSig.ok && badSig.code, 'MALFORMED');
    const badTs = verifier().verify({ ...h, 'Epistula-Timestamp': '12.5' }, body);
    assert.equal(!badTs.ok && badTs.code, 'MALFORMED');
  });
  test('the replay store is bounded and eviction never re-admits a replay', () => {
    const v = verifier(T0, { maxEntries: 2 });
    const hs = [0, 1, 2].map((i) => epistulaHeaders({ body, signer: alice, timestampMs: T0 + i }));
    for (const h of hs) assert.equal(v.verify(h, body).ok, true);
    assert.equal(v.size, 2);
    const replay = v.verify(hs[0]!, body);
    assert.equal(!replay.ok && replay.code, 'REPLAY');
  });
  test('entries expire with the window', () => {
    const now = { t: T0 };
    const v = new EpistulaVerifier({ clock: () => now.t });
    v.verify(epistulaHeaders({ body, signer: alice, timestampMs: T0 }), body);
    assert.equal(v.size, 1);
    now.t += 9000;
    v.verify(epistulaHeaders({ body, signer: alice, timestampMs: now.t }), body);
    assert.equal(v.size, 1);
  });
});
