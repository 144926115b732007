/**
 * `axonDefaults` and option checking: every bad option is refused at construction with `AXON_INVALID_OPTIONS` naming
 * it; the deprecated second-based timeout names still work and mean the same as their `…Ms` names; `close()`,
 * `stop()` and `await using` end an axon.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { Keypair } from '@subnetkit/wallet';
import { Dummy } from '../../../examples/dummy/protocol.js';
import { Axon } from './axon.js';
import { axonDefaults, resolveAxonOptions } from './defaults.js';
import type { AxonOptions } from './options.js';
import { signRequest } from './test-support.js';

let bob: Keypair;
let alice: Keypair;
before(async () => {
  bob = await Keypair.fromUri('//Bob');
  alice = await Keypair.fromUri('//Alice');
});

const withSigner = (o: AxonOptions): AxonOptions => ({ signer: bob, ...o });

describe('options', () => {
  test('the defaults are one frozen object, and resolving no options yields them', () => {
    assert.ok(Object.isFrozen(axonDefaults));
    const o = resolveAxonOptions(withSigner({}));
    assert.equal(o.port, axonDefaults.port);
    assert.equal(o.defaultTimeoutMs, 12_000);
    assert.equal(o.maxTimeoutMs, 60_000);
    assert.equal(o.maxConcurrency, axonDefaults.maxConcurrency);
    assert.deepEqual(o.rateLimit, { perSecond: 50, burst: 100 });
    assert.deepEqual(o.epistula, { allowedDeltaMs: 8000, requireSignedFor: true });
    assert.ok(o.maxConnections <= axonDefaults.maxConnections && o.maxConnections >= 64);
  });

  const bad: [string, AxonOptions, RegExp][] = [
    ['port', { port: 70000 }, /port must be an integer from 0 to 65535, got 70000/],
    ['externalPort', { externalPort: 0 }, /externalPort must be an integer from 1 to 65535, got 0/],
    ['maxConcurrency', { maxConcurrency: 0 }, /maxConcurrency must be an integer from 1, got 0/],
    ['maxQueue', { maxQueue: -1 }, /maxQueue must be an integer from 0, got -1/],
    ['maxAdmitting', { maxAdmitting: 0 }, /maxAdmitting must be an integer from 1, got 0/],
    ['bodyLimit', { bodyLimit: 1.5 }, /bodyLimit must be an integer/],
    ['defaultTimeoutMs', { defaultTimeoutMs: 0 }, /defaultTimeoutMs must be a positive number, got 0/],
    ['maxTimeoutMs', { maxTimeoutMs: Number.NaN }, /maxTimeoutMs must be a positive number, got NaN/],
    ['defaultTimeout', { defaultTimeout: -2 }, /defaultTimeout \(seconds\) must be a positive number, got -2/],
    ['both timeouts', { maxTimeout: 10, maxTimeoutMs: 10_000 }, /give maxTimeoutMs or maxTimeout, not both/],
    ['rateLimit', { rateLimit: { perSecond: 0 } }, /rateLimit\.perSecond must be a positive number, got 0/],
    ['nonce.maxKeys', { nonce: { maxKeys: 0 } }, /nonce\.maxKeys must be an integer from 1, got 0/],
    ['nonce.maxRecentPerKey', { nonce: { maxRecentPerKey: 0 } }, /nonce\.maxRecentPerKey must be an integer from 1/],
    ['nonce.reorderWindowNs', { nonce: { reorderWindowNs: -1n } }, /nonce\.reorderWindowNs must be a bigint >= 0n/],
    ['epistula', { epistula: { allowedDeltaMs: -1 } }, /epistula\.allowedDeltaMs must be a positive number/],
    ['health', { health: 'yes' as unknown as boolean }, /health must be true or false, got yes/],
    ['stopTimeoutMs', { stopTimeoutMs: -5 }, /stopTimeoutMs must be an integer from 0, got -5/],
  ];
  for (const [what, options, message] of bad) {
    test(`a bad ${what} is refused with an error naming it`, () => {
      assert.throws(() => new Axon(withSigner(options)), { code: 'AXON_INVALID_OPTIONS', message });
    });
  }

  test('no wallet and no signer: AXON_NO_SIGNER', () => {
    assert.throws(() => new Axon({}), { code: 'AXON_NO_SIGNER', message: /give a wallet or a signer/ });
  });

  test('the deprecated second-based names mean the same as the ms names', () => {
    const old = resolveAxonOptions(withSigner({ defaultTimeout: 2.5, maxTimeout: 30 }));
    const now = resolveAxonOptions(withSigner({ defaultTimeoutMs: 2500, maxTimeoutMs: 30_000 }));
    assert.equal(old.defaultTimeoutMs, now.defaultTimeoutMs);
    assert.equal(old.maxTimeoutMs, now.maxTimeoutMs);
  });
});

describe('maxTimeoutMs over HTTP', () => {
  test('a client timeout above the cap is cut to it (408 names the capped seconds)', async () => {
    const axon = new Axon({ signer: bob, port: 0, ip: '127.0.0.1', verifyThreads: 0, maxTimeoutMs: 300 });
    axon.attach(Dummy, (_s, { signal }) => new Promise((_r, reject) => signal.addEventListener('abort', reject)));
    await axon.start();
    try {
      const req = signRequest(Dummy, { input: 1 }, { signer: alice, axonHotkey: bob.address, timeout: 30 });
      const res = await fetch(`http://127.0.0.1:${axon.port}/Dummy`, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
      });
      assert.equal(res.status, 408);
      assert.deepEqual(await res.json(), { message: 'Response timeout after: 0.3s' });
    } finally {
      await axon.close();
    }
  });
});

describe('close', () => {
  const started = async () => {
    const axon = new Axon({ signer: bob, port: 0, ip: '127.0.0.1', verifyThreads: 1 });
    await axon.start();
    const health = `http://127.0.0.1:${axon.port}/health`;
    assert.equal((await fetch(health)).status, 200);
    return { axon, health };
  };

  test('await using closes the axon (and its verify workers) at the end of the scope', async () => {
    let health = '';
    {
      await using axon = new Axon({ signer: bob, port: 0, ip: '127.0.0.1', verifyThreads: 1 });
      await axon.start();
      health = `http://127.0.0.1:${axon.port}/health`;
      assert.equal((await fetch(health)).status, 200);
    }
    await assert.rejects(fetch(health), /fetch failed/);
  });

  test('stop() is the deprecated alias of close(); closing twice is harmless', async () => {
    const { axon, health } = await started();
    await axon.stop();
    await assert.rejects(fetch(health), /fetch failed/);
    await axon.close();
  });
});
