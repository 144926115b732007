import assert from 'node:assert/strict';
import { test } from 'node:test';

test('importing @subnetkit/localnet leaves LOG_LEVEL alone and still quiets chopsticks-core', async () => {
  delete process.env.LOG_LEVEL;
  delete process.env.SUBNETKIT_CHOPSTICKS_LOG_LEVEL;
  const localnet = await import('@subnetkit/localnet');
  assert.equal(typeof localnet.Localnet, 'function');
  assert.equal(process.env.LOG_LEVEL, undefined, 'the import must not set LOG_LEVEL for the whole process');
  const { defaultLogger } = await import('@acala-network/chopsticks-core');
  assert.equal(defaultLogger.level, 'fatal', "chopsticks-core's own logger is still kept quiet");
});
