/**
 * Scale-out without replays: two axons serving one hotkey share a Redis nonce store (Debian's `redis-server`, started
 * here on a free port of 127.0.0.1), so a request accepted by one is refused when replayed to the other, and of 20
 * parallel copies spread over both exactly one is accepted. Requests of one dendrite that overtake each other are
 * accepted (50 concurrent calls over both siblings), and each replayed to either sibling is refused. With Redis down
 * the axons fail closed: requests get 503, and an axon does not start. When Redis is back, requests are accepted again.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Axon, RedisNonceStore } from '@subnetkit/axon';
import { Dendrite } from '@subnetkit/dendrite';
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

test('requests that overtook each other are accepted by the siblings; each replay is refused by both', async () => {
  const [a, b] = [axons[0]!, axons[1]!];
  const uuid = crypto.randomUUID();
  const base = BigInt(Date.now()) * 1_000_000n;
  const send = (port: number, nonce: bigint, input: number) => {
    const r = signRequest(Dummy, { input }, { signer: alice, axonHotkey: bob.address, uuid, nonce });
    return rawExchange(port, rawRequest('/Dummy', r.headers, r.body));
  };
  // Sent newest first, to alternating siblings: every one is a first use.
  const order = [3n, 0n, 2n, 1n];
  const first = [];
  for (const [i, d] of order.entries())
    first.push((await send(i % 2 ? a.port : b.port, base + d * 1_000_000n, i)).status);
  assert.deepEqual(first, [200, 200, 200, 200]);
  const replays = [];
  for (const [i, d] of order.entries()) {
    const r = await send(i % 2 ? b.port : a.port, base + d * 1_000_000n, i);
    replays.push(`${r.status} ${JSON.parse(r.body).message}`);
  }
  assert.deepEqual(
    replays,
    order.map(() => '401 Not Verified with error: Nonce is too old, a newer one was last processed'),
  );
  // Unused but more than the reorder window (4 s) below the newest: refused.
  assert.equal((await send(a.port, base + 3_000_000n - 4_000_000_000n, 9)).status, 401);

  const dendrite = new Dendrite({ signer: alice });
  try {
    await dendrite.ready();
    const out = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        dendrite.call(
          { ip: '127.0.0.1', port: (i % 2 ? a : b).port, hotkey: bob.address },
          Dummy,
          { input: i },
          {
            deserialize: false,
            timeout: 60,
          },
        ),
      ),
    );
    const refused = out.filter((s) => s.dendrite.status_code !== 200);
    assert.deepEqual(
      refused.map((s) => `${s.dendrite.status_code} ${s.dendrite.status_message}`),
      [],
    );
    figures('redis-nonce.concurrent', { calls: 50, accepted: out.length - refused.length });
  } finally {
    await dendrite.close();
  }
});

test('the store itself: a full per-key set forgets its oldest nonce and refuses below it; a nonce ahead lives longer', async () => {
  const prefix = `t${process.pid}:`;
  const store = new RedisNonceStore({ url: redis.url, prefix, maxRecentPerKey: 3 });
  stores.push(store);
  await store.ready();
  const now = BigInt(Date.now()) * 1_000_000n;
  const check = (nonce: bigint) => ({ key: 'k', nonce, timeout: 12 });
  for (const d of [10n, 20n, 30n, 40n]) assert.equal((await store.accept(check(now + d))).ok, true);
  const refused = async (d: bigint) => !(await store.check(check(now + d))).ok;
  assert.deepEqual(await Promise.all([10n, 5n, 20n, 30n, 40n].map(refused)), [true, true, true, true, true]);
  assert.equal(await refused(15n), false, 'unused and above the forgotten one');
  assert.equal((await store.accept(check(now + 15n))).ok, true);
  assert.equal((await store.accept(check(now + 15n))).ok, false, 'recorded');
  // A nonce 30 s ahead stays recorded until the new-key window has passed it, not just 4 s + 60 s from now.
  assert.equal((await store.accept({ key: 'ahead', nonce: now + 30_000_000_000n, timeout: 12 })).ok, true);
  // redis-cli comes with Debian's redis-server (redis-tools).
  const ttl = Number(
    execFileSync('redis-cli', ['-p', String(redis.port), 'PTTL', `${prefix}ahead:seen`], { encoding: 'utf8' }),
  );
  assert.ok(ttl > 64_000 + 25_000, `kept ${ttl} ms`);
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
