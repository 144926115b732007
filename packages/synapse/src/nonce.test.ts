import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NonceGenerator, NonceStore } from './nonce.js';

const S = 1_000_000_000n;

function clock(start: bigint) {
  const c = { now: start, fn: () => c.now };
  return c;
}

describe('NonceGenerator', () => {
  test('strictly increasing even when the clock stands still or goes back', () => {
    const c = clock(1_700_000_000_000_000_000n);
    const g = new NonceGenerator(c.fn);
    const a = g.next();
    const b = g.next();
    c.now -= 5n * S;
    const d = g.next();
    c.now += 10n * S;
    const e = g.next();
    assert.deepEqual([a, b, d], [c.now - 10n * S + 5n * S, c.now - 5n * S + 1n, c.now - 5n * S + 2n]);
    assert.equal(e, c.now);
  });
  test('the default clock gives 19-digit nanoseconds near now', () => {
    const n = new NonceGenerator().next();
    assert.equal(n.toString().length, 19);
    assert.ok(n / 1_000_000n - BigInt(Date.now()) < 1000n);
  });
});

describe('NonceStore rules', () => {
  const now = 1_800_000_000_000_000_000n;
  test('a new key: window of 4 s + timeout', () => {
    const store = new NonceStore({ clock: () => now });
    assert.equal(store.check({ key: 'k', nonce: now - 4n * S, timeout: 0 }).ok, false);
    assert.equal(store.check({ key: 'k', nonce: now - 4n * S + 1n, timeout: 0 }).ok, true);
    assert.equal(store.check({ key: 'k', nonce: now - 20n * S, timeout: 17 }).ok, true);
    const old = store.check({ key: 'k', nonce: now - 20n * S, timeout: 12 });
    assert.deepEqual(old, {
      ok: false,
      code: 'NONCE_TOO_OLD',
      message: 'Nonce is too old: acceptable delta is 16.00 seconds but request was 20.00 seconds old',
    });
  });
  test('a known key: a used nonce is refused, newer ones pass, no freshness check', () => {
    const store = new NonceStore({ clock: () => now });
    assert.equal(store.accept({ key: 'k', nonce: now, timeout: 12 }).ok, true);
    const again = store.check({ key: 'k', nonce: now, timeout: 12 });
    assert.equal(again.ok, false);
    assert.equal(!again.ok && again.message, 'Nonce is too old, a newer one was last processed');
    assert.equal(store.accept({ key: 'k', nonce: now + 1n }).ok, true);
    assert.equal(store.last('k'), now + 1n);
    assert.equal(store.accept({ key: 'k', nonce: now + 3600n * S - 1n }).ok, false, 'beyond maxFuture');
    assert.equal(store.check({ key: 'other', nonce: now }).ok, true, 'keys are independent');
  });
  test('a known key: an unused nonce up to 4 s below the newest passes once (requests that overtook each other)', () => {
    const store = new NonceStore({ clock: () => now });
    assert.equal(store.accept({ key: 'k', nonce: now }).ok, true);
    assert.equal(store.accept({ key: 'k', nonce: now - 1n }).ok, true, 'overtaken by a newer one, not used yet');
    assert.equal(store.last('k'), now, 'the newest stays the newest');
    const replay = store.check({ key: 'k', nonce: now - 1n });
    assert.deepEqual(replay, {
      ok: false,
      code: 'NONCE_REUSED',
      message: 'Nonce is too old, a newer one was last processed',
    });
    assert.equal(store.check({ key: 'k', nonce: now - 4n * S }).ok, false, 'at the bottom of the reorder window');
    assert.equal(store.check({ key: 'k', nonce: now - 4n * S + 1n }).ok, true);
  });
  test('reorderWindowNs 0n is Python rule: strictly increasing only', () => {
    const store = new NonceStore({ clock: () => now, reorderWindowNs: 0n });
    assert.equal(store.accept({ key: 'k', nonce: now }).ok, true);
    assert.equal(store.check({ key: 'k', nonce: now - 1n }).ok, false);
    assert.equal(store.check({ key: 'k', nonce: now }).ok, false);
    assert.equal(store.accept({ key: 'k', nonce: now + 1n }).ok, true);
  });
  test('500 nonces accepted in shuffled order, then every one replayed: all refused', () => {
    const store = new NonceStore({ clock: () => now, maxRecentPerKey: 512 });
    const nonces = Array.from({ length: 500 }, (_, i) => now - BigInt(i) * 1_000_000n); // 1 ms apart, 0.5 s in all
    // A fixed shuffle (no Math.random: the test must be the same on every run).
    for (let i = nonces.length - 1, r = 7; i > 0; i--) {
      r = (r * 1103515245 + 12345) % 2 ** 31;
      const j = r % (i + 1);
      [nonces[i], nonces[j]] = [nonces[j]!, nonces[i]!];
    }
    assert.deepEqual(
      nonces.filter((n) => !store.accept({ key: 'k', nonce: n }).ok),
      [],
      'first use of each accepted',
    );
    assert.deepEqual(
      nonces.filter((n) => store.check({ key: 'k', nonce: n }).ok),
      [],
      'every replay refused',
    );
  });
  test('maxRecentPerKey: once full, the oldest remembered nonce and everything below it are refused', () => {
    const store = new NonceStore({ clock: () => now, maxRecentPerKey: 3 });
    for (const d of [10n, 20n, 30n, 40n]) assert.equal(store.accept({ key: 'k', nonce: now + d }).ok, true);
    // 10 was forgotten: it and an unused 5 are refused; an unused 15 (above it) still passes.
    assert.equal(store.check({ key: 'k', nonce: now + 10n }).ok, false);
    assert.equal(store.check({ key: 'k', nonce: now + 5n }).ok, false);
    assert.equal(store.check({ key: 'k', nonce: now + 15n }).ok, true);
    for (const d of [20n, 30n, 40n]) assert.equal(store.check({ key: 'k', nonce: now + d }).ok, false);
  });
  test('check alone does not record; commit does', () => {
    const store = new NonceStore({ clock: () => now });
    store.check({ key: 'k', nonce: now });
    assert.equal(store.size, 0);
    store.commit('k', now);
    assert.equal(store.check({ key: 'k', nonce: now }).ok, false);
  });
  test('missing nonce, far future nonce', () => {
    const store = new NonceStore({ clock: () => now });
    assert.equal(store.check({ key: 'k', nonce: null }).ok, false);
    const f = store.check({ key: 'k', nonce: now + 61n * S });
    assert.equal(!f.ok && f.code, 'NONCE_IN_FUTURE');
    assert.equal(store.check({ key: 'k', nonce: now + 59n * S }).ok, true);
    assert.equal(
      new NonceStore({ clock: () => now, maxFutureNs: null }).check({ key: 'k', nonce: now + 3600n * S }).ok,
      true,
    );
  });
  test('the client-chosen timeout cannot widen the window past maxTimeoutMs', () => {
    // maxTimeoutSeconds is the deprecated name of the same bound, in seconds.
    for (const bound of [{ maxTimeoutMs: 60_000 }, { maxTimeoutSeconds: 60 }]) {
      const store = new NonceStore({ clock: () => now, ...bound });
      assert.equal(store.check({ key: 'k', nonce: now - 100n * S, timeout: 1e9 }).ok, false);
      assert.equal(store.check({ key: 'k', nonce: now - 63n * S, timeout: 1e9 }).ok, true);
    }
  });
  test('floor: new keys must postdate it (e.g. the axon start)', () => {
    const store = new NonceStore({ clock: () => now, floorNs: now - 2n * S });
    assert.equal(store.check({ key: 'k', nonce: now - 3n * S }).ok, false);
    assert.equal(store.check({ key: 'k', nonce: now - 1n * S }).ok, true);
  });
  test('legacy rule for dendrites older than 7.2.0 only when asked', () => {
    const strict = new NonceStore({ clock: () => now });
    const legacy = new NonceStore({ clock: () => now, legacyRuleForOldVersions: true });
    const old = { key: 'k', nonce: 5n, version: 7001000 };
    assert.equal(strict.check(old).ok, false);
    assert.equal(legacy.check(old).ok, true);
    assert.equal(legacy.check({ ...old, version: 7002000 }).ok, false);
  });
});

describe('NonceStore bounds', () => {
  test('never holds more than maxKeys; an evicted key cannot be replayed', () => {
    const c = clock(1_800_000_000_000_000_000n);
    const store = new NonceStore({ clock: c.fn, maxKeys: 3 });
    const first = c.now;
    assert.equal(store.accept({ key: 'k0', nonce: first }).ok, true);
    for (let i = 1; i < 10; i++) {
      c.now += 1000n;
      assert.equal(store.accept({ key: `k${i}`, nonce: c.now }).ok, true);
      assert.ok(store.size <= 3);
    }
    assert.equal(store.last('k0'), undefined, 'k0 was evicted');
    // Replaying k0's request is still within the time window, but the eviction floor rejects it.
    assert.equal(store.check({ key: 'k0', nonce: first }).ok, false);
    c.now += 1000n;
    assert.equal(store.check({ key: 'new', nonce: c.now }).ok, true);
  });
  test('entries older than the widest window expire', () => {
    const c = clock(1_800_000_000_000_000_000n);
    const store = new NonceStore({ clock: c.fn, maxTimeoutMs: 10_000 });
    for (let i = 0; i < 100; i++) store.accept({ key: `k${i}`, nonce: c.now + BigInt(i) });
    assert.equal(store.size, 100);
    c.now += 15n * S; // past 4 s + 10 s
    store.check({ key: 'x', nonce: c.now });
    assert.equal(store.size, 0);
    // A replay of an expired key is still rejected by the window.
    assert.equal(store.check({ key: 'k0', nonce: c.now - 15n * S }).ok, false);
  });
  test('remembered nonces count towards maxBytes: one busy key cannot take more than its share', () => {
    const c = clock(1_800_000_000_000_000_000n);
    const store = new NonceStore({ clock: c.fn, maxBytes: 16 * 1024 });
    const key = `${'5'.repeat(48)}:${'u'.repeat(36)}`;
    assert.equal(store.accept({ key, nonce: c.now }).ok, true);
    const one = store.bytes;
    for (let i = 1; i < 1000; i++) store.accept({ key, nonce: c.now + BigInt(i) });
    // 128 nonces remembered at most: the entry grew, but by a bounded amount.
    assert.ok(store.bytes > one && store.bytes <= one + 128 * 32, `one key: ${store.bytes} bytes`);
    for (let k = 0; k < 50; k++)
      for (let i = 0; i < 100; i++) store.accept({ key: `${key}${k}`, nonce: c.now + BigInt(i) });
    assert.ok(store.bytes <= 16 * 1024, `50 busy keys: ${store.bytes} bytes (limit 16 KiB)`);
    assert.ok(store.size < 50, 'the least recently used keys were evicted');
  });
  test('rejects a bad bound', () => {
    assert.throws(() => new NonceStore({ maxRecentPerKey: 0 }), {
      code: 'SYNAPSE_INVALID_OPTIONS',
      message: /maxRecentPerKey/,
    });
    assert.throws(() => new NonceStore({ reorderWindowNs: -1n }), {
      code: 'SYNAPSE_INVALID_OPTIONS',
      message: /reorderWindowNs/,
    });
    assert.throws(() => new NonceStore({ maxKeys: 0 }), { code: 'SYNAPSE_INVALID_OPTIONS', message: /maxKeys/ });
    assert.throws(() => new NonceStore({ maxTimeoutMs: -1 }), {
      code: 'SYNAPSE_INVALID_OPTIONS',
      message: /maxTimeoutMs must be a positive number, got -1/,
    });
    assert.throws(() => new NonceStore({ maxTimeoutMs: 1000, maxTimeoutSeconds: 1 }), { message: /not both/ });
  });
});
