import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defineSynapse } from './define.js';
import { t } from './fields.js';
import { headerMap } from './headers.js';
import { parseJson } from './json.js';
import { mergeResponse } from './response.js';
import { failedVerification, isBlacklist, isFailure, isSuccess, isTimeout, STATUS, STATUS_TABLE } from './status.js';
import { readSharedVector } from './test-support.js';

const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { input: t.int(), output: t.int().optional(), locked: t.str().default('mine').frozen() },
  hashFields: ['input'],
});

const capture = readSharedVector('python-peer-capture.txt');

function responseOf(conn: string) {
  const start = capture.indexOf(`===== ${conn} axon -> dendrite`);
  const section = capture.slice(capture.indexOf('\n', start) + 1);
  const status = Number(/^HTTP\/1\.1 (\d+)/.exec(section)![1]);
  const end = section.search(/\r?\n\r?\n/);
  const headers = section
    .slice(0, end)
    .split(/\r?\n/)
    .slice(1)
    .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as [string, string]);
  let rest = section.slice(end).replace(/^\s+/, '');
  if (rest.startsWith('=====')) rest = rest.slice(rest.indexOf('\n') + 1);
  return { status, headers, body: parseJson(rest.slice(0, rest.indexOf('\n'))) };
}

describe('mergeResponse (Python process_server_response)', () => {
  const local = Dummy.create({
    input: 5,
    dendrite: { hotkey: 'me', nonce: 1795304537608313210n },
    axon: { hotkey: 'bob' },
  });

  test('a 200 response fills the fields, keeps frozen ones, and mirrors the status', () => {
    const r = responseOf('conn1');
    (r.body as Record<string, unknown>).locked = 'server tried';
    const merged = mergeResponse(Dummy, local, r);
    assert.equal(merged.output, 10);
    assert.equal(merged.locked, 'mine');
    assert.equal(merged.axon.status_code, 200);
    assert.equal(merged.dendrite.status_code, 200);
    assert.equal(merged.dendrite.status_message, 'Success');
    assert.equal(merged.axon.process_time, 3.2901763916015625e-5);
    assert.equal(isSuccess(merged), true);
    assert.equal(local.output, null, 'the local synapse is not mutated');
  });
  test('a 401 response takes the message and the header terminal info', () => {
    const merged = mergeResponse(Dummy, local, responseOf('conn2'));
    assert.equal(merged.output, null);
    assert.equal(merged.dendrite.status_code, 401);
    assert.match(merged.dendrite.status_message!, /^Not Verified with error: Signature mismatch/);
    assert.equal(merged.axon.nonce, 1795304539479898123n);
    assert.equal(merged.dendrite.port, 39512);
    assert.equal(failedVerification(merged), true);
    assert.equal(isFailure(merged), true);
  });
  test('a 404 for an unknown synapse', () => {
    const merged = mergeResponse(Dummy, local, responseOf('conn3'));
    assert.equal(merged.dendrite.status_code, 404);
    assert.match(merged.dendrite.status_message!, /Synapse name 'Unknown' not found/);
  });
  test('a 200 body that does not validate throws (a Python dendrite reports 422)', () => {
    assert.throws(() => mergeResponse(Dummy, local, { status: 200, headers: [], body: { input: 'x' } }), {
      code: 'SYNAPSE_INVALID_VALUE',
    });
    assert.throws(
      () =>
        mergeResponse(Dummy, local, {
          status: 500,
          headers: headerMap({ bt_header_axon_status_code: 'x' }),
          body: null,
        }),
      { code: 'SYNAPSE_INVALID_HEADER' },
    );
  });
});

describe('status helpers', () => {
  const s = (code: number | null) => ({ dendrite: { status_code: code } });
  test('read dendrite.status_code', () => {
    assert.deepEqual([isSuccess(s(200)), isFailure(s(200))], [true, false]);
    assert.deepEqual([isTimeout(s(408)), isBlacklist(s(403)), failedVerification(s(401))], [true, true, true]);
    assert.equal(isFailure(s(null)), true);
    assert.equal(isSuccess(s(null)), false);
  });
  test('table covers the protocol statuses', () => {
    for (const code of Object.values(STATUS)) assert.ok(STATUS_TABLE[code], String(code));
  });
});
