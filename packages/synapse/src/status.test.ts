import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ERROR_STATUS,
  isClientErrorStatus,
  isErrorStatus,
  isHttpStatus,
  STATUS,
  STATUS_TABLE,
  statusOf,
} from './status.js';

test('ERROR_STATUS: every code is a prefixed UPPER_SNAKE_CASE code and maps to a documented STATUS', () => {
  const statuses = new Set<number>(Object.values(STATUS));
  for (const [code, status] of Object.entries(ERROR_STATUS)) {
    assert.match(code, /^[A-Z]+(_[A-Z0-9]+)+$/, code);
    assert.ok(statuses.has(status), `${code}: ${status} is not in STATUS`);
    assert.ok(STATUS_TABLE[status], `${code}: ${status} has no STATUS_TABLE entry`);
  }
});

test('the statuses Python peers see are the ones the spec lists (spec §4.1, §5.3)', () => {
  assert.deepEqual(
    {
      notVerified: statusOf('AXON_NOT_VERIFIED'),
      blacklisted: statusOf('AXON_BLACKLISTED'),
      unknown: statusOf('AXON_UNKNOWN_SYNAPSE'),
      forwardTimeout: statusOf('AXON_FORWARD_TIMEOUT'),
      invalidBody: statusOf('AXON_INVALID_BODY'),
      internal: statusOf('AXON_INTERNAL'),
      unavailable: statusOf('AXON_UNAVAILABLE'),
      dendriteTimeout: statusOf('DENDRITE_TIMEOUT'),
      dendriteUnavailable: statusOf('DENDRITE_UNAVAILABLE'),
      dendriteDisconnected: statusOf('DENDRITE_DISCONNECTED'),
      dendriteParse: statusOf('DENDRITE_PARSE'),
    },
    {
      notVerified: 401,
      blacklisted: 403,
      unknown: 404,
      forwardTimeout: 408,
      invalidBody: 422,
      internal: 500,
      unavailable: 503,
      dendriteTimeout: 408,
      dendriteUnavailable: 503,
      dendriteDisconnected: 503,
      dendriteParse: 422,
    },
  );
});

test('a body-hash mismatch stays 500, as Python answers it (decision in docs/reliability.md)', () => {
  assert.equal(statusOf('AXON_BODY_HASH_MISMATCH'), 500);
  assert.ok(!isClientErrorStatus(statusOf('AXON_BODY_HASH_MISMATCH')));
});

test('status classes', () => {
  assert.deepEqual(
    [99, 100, 200, 399, 400, 499, 500, 599, 600, 404.5].map((n) => [
      isHttpStatus(n),
      isErrorStatus(n),
      isClientErrorStatus(n),
    ]),
    [
      [false, false, false],
      [true, false, false],
      [true, false, false],
      [true, false, false],
      [true, true, true],
      [true, true, true],
      [true, true, false],
      [true, true, false],
      [false, false, false],
      [false, false, true],
    ],
  );
});
