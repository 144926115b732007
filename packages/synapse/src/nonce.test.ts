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
  test('a known key: strictly increasing, no freshness check', () => {
    const store = new NonceStore({ clock: () => now });
    assert.equal(store.accept({ key: 'k', nonce: now, timeout: 12 }).ok, true);
    const again = store.check({ key: 'k', nonce: now, timeout: 12 });
    assert.equal(again.ok, false);
    assert.equal(!again.ok && again.message, 'Nonce is too old, a newer one was last processed');
    assert.equal(store.check({ key: 'k', nonce: now - 1n }).ok, false);
    assert.equal(store.accept({ key: 'k', nonce: now + 1n }).ok, true);
    assert.equal(store.last('k'), now + 1n);
    assert.equal(store.check({ key: 'other', nonce: now }).ok, true, 'keys are independent');
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
  test('rejects a bad bound', () => {
    assert.throws(() => new NonceStore({ maxKeys: 0 }), { code: 'SYNAPSE_INVALID_OPTIONS', message: /maxKeys/ });
    assert.throws(() => new NonceStore({ maxTimeoutMs: -1 }), {
      code: 'SYNAPSE_INVALID_OPTIONS',
      message: /maxTimeoutMs must be a positive number, got -1/,
    });
    assert.throws(() => new NonceStore({ maxTimeoutMs: 1000, maxTimeoutSeconds: 1 }), { message: /not both/ });
  });
});
