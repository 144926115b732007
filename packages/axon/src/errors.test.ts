import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_STATUS, SubnetkitError } from '@subnetkit/synapse';
import { AxonError, RequestRejected, rejectRequest } from './errors.js';

test('axon errors are SubnetkitErrors with AXON_ codes', () => {
  const err = new AxonError('AXON_NOT_STARTED', 'the wallet hotkey is loaded by start()');
  assert.ok(err instanceof SubnetkitError);
  assert.equal(err.name, 'AxonError');
  assert.equal(err.code, 'AXON_NOT_STARTED');
  assert.equal(err.message, 'the wallet hotkey is loaded by start()');
});

test('the pipeline’s refusals take their status from ERROR_STATUS and keep their message as it goes on the wire', () => {
  const cause = new Error('store down');
  const r = rejectRequest(
    'AXON_BODY_HASH_MISMATCH',
    'Hash mismatch between header body hash a and parsed body hash b',
    {
      cause,
    },
  );
  assert.ok(r instanceof RequestRejected && r instanceof AxonError && r instanceof SubnetkitError);
  assert.equal(r.code, 'AXON_BODY_HASH_MISMATCH');
  assert.equal(r.status, ERROR_STATUS.AXON_BODY_HASH_MISMATCH);
  assert.equal(r.message, 'Hash mismatch between header body hash a and parsed body hash b', 'no details appended');
  assert.equal(r.walk(), cause);
  for (const code of Object.keys(ERROR_STATUS).filter((c) => c.startsWith('AXON_')))
    assert.equal(rejectRequest(code as 'AXON_INTERNAL', 'x').status, ERROR_STATUS[code as 'AXON_INTERNAL']);
});

test('a RequestRejected made with a bare status (a user hook) has code AXON_REQUEST_REJECTED; a non-status is refused', () => {
  const r = new RequestRejected(422, 'input must be >= 0');
  assert.equal(r.code, 'AXON_REQUEST_REJECTED');
  assert.equal(r.status, 422);
  assert.throws(() => new RequestRejected(600, 'x'), {
    code: 'AXON_INVALID_OPTIONS',
    message: /600 is not an HTTP status/,
  });
});
