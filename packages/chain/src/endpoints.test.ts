import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveEndpoint } from './endpoints.js';
import { ChainError } from './errors.js';

test('named endpoints map to the usual nodes', () => {
  assert.equal(resolveEndpoint('local'), 'ws://127.0.0.1:9944');
  assert.equal(resolveEndpoint('test'), 'wss://test.finney.opentensor.ai:443');
  assert.equal(resolveEndpoint('FINNEY'), 'wss://entrypoint-finney.opentensor.ai:443');
});

test('ws and wss URLs pass through', () => {
  assert.equal(resolveEndpoint('ws://10.0.0.5:9944'), 'ws://10.0.0.5:9944');
  assert.equal(resolveEndpoint(' wss://node.example:443 '), 'wss://node.example:443');
});

test('other inputs fail with InvalidEndpoint naming the problem', () => {
  assert.throws(
    () => resolveEndpoint('http://127.0.0.1:9944'),
    (e: unknown) => ChainError.is(e, 'InvalidEndpoint') && /protocol must be ws: or wss:/.test(e.message),
  );
  assert.throws(
    () => resolveEndpoint('mainnet'),
    (e: unknown) => ChainError.is(e, 'InvalidEndpoint') && /local, test, finney/.test(e.message),
  );
});
