import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NonceTracker } from './nonce.js';

test('reads the chain once, then counts locally; an unused nonce is handed out again', async () => {
  let reads = 0;
  const t = new NonceTracker(async () => {
    reads++;
    return 7n;
  });
  const a = await t.acquire('A');
  assert.equal(a.nonce, 7n);
  a.release('used');
  const b = await t.acquire('A');
  assert.equal(b.nonce, 8n);
  b.release('unused'); // refused by the pool: the nonce is still free
  const c = await t.acquire('A');
  assert.equal(c.nonce, 8n);
  c.release('used');
  assert.equal(reads, 1);
  assert.equal(t.peek('A'), 9n);
});

test('an unknown outcome makes the next acquire re-read the chain', async () => {
  let chain = 3n;
  const t = new NonceTracker(async () => chain);
  const a = await t.acquire('A');
  a.release('unknown');
  chain = 5n;
  const b = await t.acquire('A');
  assert.equal(b.nonce, 5n);
  b.release('used');
});

test('concurrent acquires for one address are serialised and get consecutive nonces', async () => {
  const t = new NonceTracker(async () => 0n);
  const order: bigint[] = [];
  await Promise.all(
    [0, 1, 2, 3].map(async () => {
      const l = await t.acquire('A');
      order.push(l.nonce);
      await new Promise((r) => setTimeout(r, 2));
      l.release('used');
    }),
  );
  assert.deepEqual(order, [0n, 1n, 2n, 3n]);
});

test('a failed chain read releases the lock and the error reaches the caller', async () => {
  let fail = true;
  const t = new NonceTracker(async () => {
    if (fail) throw new Error('rpc down');
    return 1n;
  });
  await assert.rejects(t.acquire('A'), /rpc down/);
  fail = false;
  const l = await t.acquire('A');
  assert.equal(l.nonce, 1n);
  l.release('used');
});

test('the map is bounded: idle accounts are evicted past the limit', async () => {
  const t = new NonceTracker(async () => 0n, 3);
  for (const a of ['A', 'B', 'C', 'D', 'E']) (await t.acquire(a)).release('used');
  assert.equal(t.size, 3);
  assert.equal(t.peek('A'), undefined);
  assert.equal(t.peek('E'), 1n);
});

test('forget() after a release makes the next acquire re-read, even if others released since', async () => {
  let chain = 10n;
  const t = new NonceTracker(async () => chain);
  const a = await t.acquire('A');
  a.release('used'); // the pool took it...
  const b = await t.acquire('A');
  assert.equal(b.nonce, 11n);
  a.forget(); // ...then dropped it as invalid
  b.release('used'); // a lease from before the forget no longer sets the counter
  chain = 10n;
  const c = await t.acquire('A');
  assert.equal(c.nonce, 10n);
  c.release('used');
});
