/** An Axon built from a bittensor wallet on disk: the hotkey is loaded by start(), the coldkey goes into info(). */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Keypair, Wallet } from '@subnetkit/wallet';
import { Dummy } from '../../../examples/dummy/protocol.js';
import { Axon } from './axon.js';
import { AxonError } from './errors.js';
import { signRequest } from './test-support.js';

test('new Axon({ wallet }): hotkey after start(), coldkeypub in info(), requests signed for the wallet hotkey', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'axon-wallet-'));
  try {
    const wallet = new Wallet({ name: 'miner', hotkey: 'h1', path: dir });
    const created = await wallet.create({ coldkey: { usePassword: false }, hotkey: { usePassword: false } });
    const axon = new Axon({
      wallet,
      port: 0,
      ip: '127.0.0.1',
      externalIp: '203.0.113.9',
      externalPort: 9000,
      verifyThreads: 0,
    });
    assert.throws(
      () => axon.hotkey,
      (e: unknown) => e instanceof AxonError && e.code === 'AXON_NOT_STARTED',
    );
    axon.attach(Dummy, (s) => {
      s.output = s.input * 2;
      return s;
    });
    await axon.start();
    try {
      assert.equal(axon.hotkey, created.hotkey.keypair.address);
      assert.deepEqual(axon.info(), {
        version: 10002000,
        ip: '203.0.113.9',
        ip_type: 4,
        port: 9000,
        hotkey: created.hotkey.keypair.address,
        coldkey: created.coldkey.keypair.address,
        protocol: 4,
        placeholder1: 0,
        placeholder2: 0,
      });
      const alice = await Keypair.fromUri('//Alice');
      const r = signRequest(Dummy, { input: 4 }, { signer: alice, axonHotkey: axon.hotkey });
      const res = await fetch(`http://127.0.0.1:${axon.port}/Dummy`, {
        method: 'POST',
        headers: r.headers,
        body: r.body,
      });
      assert.equal(res.status, 200);
    } finally {
      await axon.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('bad options are refused with a clear error', () => {
  assert.throws(() => new Axon({}), /give a wallet or a signer/);
  assert.throws(
    () =>
      new Axon({
        signer: { address: 'x', publicKey: new Uint8Array(32), sign: () => new Uint8Array(64) },
        port: 70000,
      }),
    { code: 'AXON_INVALID_OPTIONS', message: /port must be an integer from 0 to 65535, got 70000/ },
  );
  const axon = new Axon({ signer: { address: 'x', publicKey: new Uint8Array(32), sign: () => new Uint8Array(64) } });
  assert.throws(
    () => axon.attach({ name: 'health', fromBody: () => ({}) } as never, () => undefined),
    /\/health is served by the axon itself/,
  );
});
