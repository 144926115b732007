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
