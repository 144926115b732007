/**
 * Scale-out without replays: two axons serving one hotkey share a Redis nonce store (Debian's `redis-server`, started
 * here on a free port of 127.0.0.1), so a request accepted by one is refused when replayed to the other, and of 20
 * parallel copies spread over both exactly one is accepted. With Redis down the axons fail closed: requests get 503,
 * and an axon does not start. When Redis is back, requests are accepted again.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Axon, RedisNonceStore } from '@subnetkit/axon';
import { Keypair } from '@subnetkit/wallet';
import { Dummy } from '../../examples/dummy/protocol.js';
import { rawExchange, rawRequest, signRequest } from '../../packages/axon/src/test-support.js';
import { type RedisServer, startRedisServer } from './redis-server.js';
import { figures } from './support.js';

let redis: RedisServer;
let alice: Keypair;
let bob: Keypair;
const axons: Axon[] = [];
const stores: RedisNonceStore[] = [];

async function newAxon(): Promise<Axon> {
  const store = new RedisNonceStore({ url: redis.url });
  stores.push(store);
  const axon = new Axon({ signer: bob, port: 0, ip: '127.0.0.1', verifyThreads: 0, nonceStore: store });
  axon.attach(Dummy, (s) => {
    s.output = s.input * 2;
    return s;
  });
  await axon.start();
  axons.push(axon);
  return axon;
}

before(async () => {
  alice = await Keypair.fromUri('//Alice');
  bob = await Keypair.fromUri('//Bob');
  redis = await startRedisServer();
});
after(async () => {
  for (const a of axons) await a.stop(1000);
  for (const s of stores) await s.close();
  await redis?.stop();
});

test('a request accepted by one axon is refused by its sibling; 1 of 20 parallel copies accepted', async () => {
  const [a, b] = [await newAxon(), await newAxon()];
  const r = signRequest(Dummy, { input: 2 }, { signer: alice, axonHotkey: bob.address });
  const bytes = rawRequest('/Dummy', r.headers, r.body);
  assert.equal((await rawExchange(a.port, bytes)).status, 200);
  const replay = await rawExchange(b.port, bytes);
  assert.equal(replay.status, 401);
  assert.match(JSON.parse(replay.body).message, /Nonce is too old, a newer one was last processed/);

  const c = signRequest(Dummy, { input: 3 }, { signer: alice, axonHotkey: bob.address, uuid: crypto.randomUUID() });
  const copy = rawRequest('/Dummy', c.headers, c.body);
  const got = await Promise.all(Array.from({ length: 20 }, (_, i) => rawExchange((i % 2 ? a : b).port, copy)));
  const statuses = got.map((g) => g.status);
  assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(','));
  assert.equal(statuses.filter((s) => s === 401).length, 19);
  figures('redis-nonce.siblings', { parallelCopies: 20, accepted: 1 });
});

test('Redis down: requests get 503 (fail closed) and a new axon does not start; back up: accepted again', async () => {
  const a = axons[0]!;
  await redis.stop();
  const r = signRequest(Dummy, { input: 4 }, { signer: alice, axonHotkey: bob.address });
  const down = await rawExchange(a.port, rawRequest('/Dummy', r.headers, r.body));
  assert.equal(down.status, 503);
  assert.match(JSON.parse(down.body).message, /^Service unavailable: the nonce store cannot be reached/);
  await assert.rejects(newAxon(), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'AXON_NONCE_STORE');
    assert.match(e.message, /unreachable.*does not start without it/);
    return true;
  });
  await redis.start();
  const deadline = Date.now() + 15_000;
  let status = 0;
  while (Date.now() < deadline) {
    const s = signRequest(Dummy, { input: 5 }, { signer: alice, axonHotkey: bob.address });
    status = (await rawExchange(a.port, rawRequest('/Dummy', s.headers, s.body))).status;
    if (status === 200) break;
    await new Promise((res) => setTimeout(res, 250));
  }
  assert.equal(status, 200, 'accepted again once Redis is back');
});
