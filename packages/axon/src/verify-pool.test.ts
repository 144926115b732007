import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Keypair } from '@subnetkit/wallet';
import { VerifyPool } from './verify-pool.js';

test('VerifyPool verifies on its workers, and `await using` closes it (later calls are refused)', async () => {
  const alice = await Keypair.fromUri('//Alice');
  const message = 'nonce.hotkey.axon.uuid.hash';
  const signature = alice.sign(message);
  // The workers are unref'd (an axon's server keeps the process alive); here a timer does.
  const keepAlive = setInterval(() => {}, 1000);
  try {
    let closed: VerifyPool;
    {
      await using pool = await VerifyPool.start(1);
      closed = pool;
      assert.equal(await pool.verify(message, signature, alice.publicKey), 'raw');
      assert.equal(await pool.verify(`${message}!`, signature, alice.publicKey), false);
    }
    await assert.rejects(closed.verify(message, signature, alice.publicKey), {
      code: 'AXON_VERIFY_POOL',
      message: 'verification pool is closed',
    });
  } finally {
    clearInterval(keepAlive);
  }
});

test('VerifyPool keeps a bounded backlog: past maxPending a job is refused at once, not queued', async () => {
  const alice = await Keypair.fromUri('//Alice');
  const message = 'nonce.hotkey.axon.uuid.hash';
  const signature = alice.sign(message);
  const keepAlive = setInterval(() => {}, 1000);
  try {
    await using pool = await VerifyPool.start(1, 2);
    const jobs = [1, 2, 3].map(() => pool.verify(message, signature, alice.publicKey));
    await assert.rejects(jobs[2]!, { code: 'AXON_VERIFY_POOL', message: 'verification pool is saturated' });
    assert.deepEqual(await Promise.all(jobs.slice(0, 2)), ['raw', 'raw']);
    assert.equal(pool.pending, 0);
  } finally {
    clearInterval(keepAlive);
  }
});
