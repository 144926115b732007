import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_STATUS, SubnetkitError } from '@subnetkit/synapse';
import { DendriteError } from './errors.js';
import { mapFailure, timeoutFailure } from './failure.js';

const target = { ip: '127.0.0.1', port: 9, hotkey: '', url: '', host: '' } as unknown as Parameters<
  typeof mapFailure
>[1]['target'];

test('dendrite errors are SubnetkitErrors; call failures carry the status ERROR_STATUS gives their code', () => {
  const t = timeoutFailure(1.5);
  assert.ok(t instanceof DendriteError && t instanceof SubnetkitError);
  assert.equal(t.code, 'DENDRITE_TIMEOUT');
  assert.equal(t.status, ERROR_STATUS.DENDRITE_TIMEOUT);
  assert.equal(t.message, 'Request timeout after 1.5 seconds');
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  const u = mapFailure(refused, { timedOut: false, timeout: 12, target, name: 'Dummy' });
  assert.equal(u.code, 'DENDRITE_UNAVAILABLE');
  assert.equal(u.status, 503);
  assert.equal(u.message, 'Service unavailable at 127.0.0.1:9/Dummy');
  assert.equal(u.walk(), refused);
  const p = mapFailure(new SyntaxError('Unexpected token'), { timedOut: false, timeout: 12, target, name: 'Dummy' });
  assert.equal(p.code, 'DENDRITE_PARSE');
  assert.equal(p.status, 422);
  assert.equal(p.message, 'Failed to parse response: Unexpected token');
});

test('misuse errors carry no status', () => {
  const e = new DendriteError('DENDRITE_CLOSED', 'this Dendrite is closed');
  assert.equal(e.status, undefined);
  assert.equal(e.name, 'DendriteError');
});
