/**
 * Replay and forgery against the example miner (its own process): captured valid requests replayed (same nonce,
 * 20 parallel copies, an old nonce, after a restart of the miner), signatures from the wrong key or for another axon,
 * tampered hashed and unhashed fields, nonces far in the future, Epistula replays. Each is refused with its status;
 * the one tampering the protocol cannot see (an unhashed field) is shown to pass, as docs/reliability.md says.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { epistulaHeaders, NonceGenerator, parseJson } from '@subnetkit/synapse';
import { Keypair } from '@subnetkit/wallet';
import { Dummy } from '../../examples/dummy/protocol.js';
import { rawRequest, type SignOptions, signRequest } from '../../packages/axon/src/test-support.js';
import { type Exchange, exchange, figures, type Miner, startMiner } from './support.js';

let miner: Miner;
let alice: Keypair;
let charlie: Keypair;
const outcomes: Record<string, number> = {};

before(async () => {
  miner = await startMiner();
  alice = await Keypair.fromUri('//Alice');
  charlie = await Keypair.fromUri('//Charlie');
});
after(async () => {
  figures('replay', { outcomes });
  await miner?.stop();
});

function signed(input: number, o: Partial<SignOptions> = {}) {
  return signRequest(Dummy, { input }, { signer: alice, axonHotkey: miner.hotkey, ...o });
}

async function send(bytes: Buffer, what: string): Promise<{ status: number; message: string; body: string }> {
  const ex: Exchange = await exchange(miner.port, bytes, 10_000);
  const a = ex.answers[0];
  assert.ok(a, `${what}: an answer`);
  const body = a.body.toString('utf8');
  outcomes[`${what}: ${a.status}`] = (outcomes[`${what}: ${a.status}`] ?? 0) + 1;
  const message = a.status === 200 ? '' : String((JSON.parse(body) as { message: string }).message);
  return { status: a.status, message, body };
}

test('the same signed request twice: the second is refused', async () => {
  const r1 = signed(1);
  const r = rawRequest('/Dummy', r1.headers, r1.body);
  const r2 = signed(2);
  const bytes = rawRequest('/Dummy', r2.headers, r2.body);
  assert.equal((await send(r, 'fresh')).status, 200);
  assert.equal((await send(bytes, 'first')).status, 200);
  const again = await send(bytes, 'same nonce');
  assert.equal(again.status, 401);
  assert.match(again.message, /Nonce is too old, a newer one was last processed/);
});

test('20 parallel copies of one request: exactly one is accepted', async () => {
  const r = signed(3, { uuid: crypto.randomUUID() });
  const bytes = rawRequest('/Dummy', r.headers, r.body);
  const got = await Promise.all(Array.from({ length: 20 }, () => send(bytes, 'parallel copy')));
  assert.equal(got.filter((g) => g.status === 200).length, 1);
  assert.equal(got.filter((g) => g.status === 401).length, 19);
});

test('an old nonce (outside the 4 s + timeout window) and a far-future nonce are refused', async () => {
  const now = BigInt(Date.now()) * 1_000_000n;
  const old = signed(4, { nonce: now - 30_000_000_000n, uuid: crypto.randomUUID(), timeout: 12 });
  const o = await send(rawRequest('/Dummy', old.headers, old.body), 'old nonce');
  assert.equal(o.status, 401);
  assert.match(o.message, /Nonce is too old/);
  for (const ahead of [120n, 3600n, 10n ** 9n]) {
    const f = signed(5, { nonce: now + ahead * 1_000_000_000n, uuid: crypto.randomUUID() });
    const a = await send(rawRequest('/Dummy', f.headers, f.body), 'future nonce');
    assert.equal(a.status, 401);
    assert.match(a.message, /in the future/);
  }
});

test('wrong key, wrong target and tampered fields', async () => {
  // Charlie signs but claims to be Alice.
  const forged = signed(6, { signer: charlie });
  forged.headers.bt_header_dendrite_hotkey = alice.address;
  const f = await send(rawRequest('/Dummy', forged.headers, forged.body), 'wrong key');
  assert.equal(f.status, 401);
  assert.match(f.message, /Signature mismatch/);
  // Signed for another axon (Charlie's).
  const other = signed(7, { axonHotkey: charlie.address });
  const t = await send(rawRequest('/Dummy', other.headers, other.body), 'other axon');
  assert.equal(t.status, 401);
  // A hashed field changed in the body: the body hash no longer matches the signed header (500, as Python).
  const h = signed(8);
  const hashed = await send(
    rawRequest('/Dummy', h.headers, h.body.replace('"input": 8', '"input": 9')),
    'hashed field',
  );
  assert.equal(hashed.status, 500);
  assert.match(hashed.message, /^Hash mismatch/);
  // ... and with the body-hash header changed to match: the signature no longer verifies.
  const h2 = signed(8);
  const edited = { ...h2.headers, computed_body_hash: 'a'.repeat(64) };
  const sig = await send(rawRequest('/Dummy', edited, h2.body), 'hashed field + hash header');
  assert.equal(sig.status, 401);
  // An unhashed field (output) changed in transit is NOT detected: the protocol does not sign it.
  const u = signed(10);
  const unhashed = await send(
    rawRequest('/Dummy', u.headers, u.body.replace('"output": null', '"output": 12345')),
    'unhashed field',
  );
  assert.equal(unhashed.status, 200);
  // The caller's axon block is not believed either: the status is the axon's.
  const s = signed(11);
  const spoof = s.body.replace('"axon": {"status_code": null', '"axon": {"status_code": 503');
  assert.notEqual(spoof, s.body);
  const sp = await send(rawRequest('/Dummy', s.headers, spoof), 'axon status in body');
  assert.equal(sp.status, 200);
  assert.equal((parseJson(sp.body) as { output: number }).output, 22);
});

test('Epistula: a replay, a stale timestamp and a tampered body are refused', async () => {
  const body = JSON.stringify({ input: 12 });
  const h = {
    ...epistulaHeaders({ body, signer: alice, signedFor: miner.hotkey }),
    'content-type': 'application/json',
  };
  assert.equal((await send(rawRequest('/Dummy', h, body), 'epistula fresh')).status, 200);
  const replay = await send(rawRequest('/Dummy', h, body), 'epistula replay');
  assert.equal(replay.status, 401);
  assert.match(replay.message, /Epistula REPLAY/);
  const stale = {
    ...epistulaHeaders({ body, signer: alice, signedFor: miner.hotkey, timestampMs: Date.now() - 60_000 }),
    'content-type': 'application/json',
  };
  assert.match(
    (await send(rawRequest('/Dummy', stale, body), 'epistula stale')).message,
    /Epistula STALE|predates this axon start/,
  );
  const fresh = {
    ...epistulaHeaders({ body, signer: alice, signedFor: miner.hotkey }),
    'content-type': 'application/json',
  };
  const bad = await send(rawRequest('/Dummy', fresh, body.replace('12', '13')), 'epistula tampered');
  assert.match(bad.message, /Epistula BAD_SIGNATURE/);
});

test('a request captured before a restart is refused by the restarted miner', { timeout: 120_000 }, async () => {
  const nonces = new NonceGenerator();
  const r = signed(13, { nonce: nonces.next(), uuid: crypto.randomUUID(), timeout: 60 });
  const bytes = rawRequest('/Dummy', r.headers, r.body);
  assert.equal((await send(bytes, 'before restart')).status, 200);
  await miner.stop();
  miner = await startMiner();
  const again = await send(bytes, 'after restart');
  assert.equal(again.status, 401);
  assert.match(again.message, /predates what this axon can vouch for|Nonce is too old/);
  // Epistula, the same.
  const body = JSON.stringify({ input: 14 });
  const e = {
    ...epistulaHeaders({ body, signer: alice, signedFor: miner.hotkey }),
    'content-type': 'application/json',
  };
  assert.equal((await send(rawRequest('/Dummy', e, body), 'epistula before restart')).status, 200);
  await miner.stop();
  miner = await startMiner();
  const ea = await send(rawRequest('/Dummy', e, body), 'epistula after restart');
  assert.equal(ea.status, 401);
});
