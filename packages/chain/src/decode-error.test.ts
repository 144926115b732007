import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePoolError } from './decode-error.js';

class RpcLike extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

test("a node's text form of subtensor custom errors decodes by number", () => {
  const e = decodePoolError(new Error('1010: Invalid Transaction: Custom error: 11'), {
    call: 'subtensorModule.serveAxon',
  });
  assert.equal(e?.code, 'InvalidIpAddress');
  assert.equal(e?.kind, 'pool');
  assert.match(e?.message ?? '', /^subtensorModule\.serveAxon failed: .*Custom error 11 = InvalidIpAddress/);
  assert.match(e?.hint ?? '', /127\.0\.0\.2/);
  assert.equal(e?.retriable, false);
  assert.equal(
    decodePoolError(new Error('1010: Invalid Transaction: Custom error: 12'))?.code,
    'ServingRateLimitExceeded',
  );
  assert.equal(decodePoolError(new Error('1010: Invalid Transaction: Custom error: 6'))?.code, 'RateLimitExceeded');
  assert.equal(decodePoolError(new Error('1010: Invalid Transaction: Custom error: 255'))?.code, 'BadRequest');
  assert.equal(decodePoolError(new Error('1010: Invalid Transaction: Custom error: 200'))?.code, 'CustomError200');
});

test('custom errors 25-27 decode by the numbering of current subtensor; 255 hints at a subnet not started', () => {
  const code = (n: number) => decodePoolError(new Error(`1010: Invalid Transaction: Custom error: ${n}`));
  assert.equal(code(25)?.code, 'NonAssociatedColdKey');
  assert.match(code(25)?.hint ?? '', /coldkey that owns this hotkey/);
  assert.equal(code(26)?.code, 'DelegateTakeTooLow');
  assert.equal(code(27)?.code, 'DelegateTakeTooHigh');
  assert.equal(code(28)?.code, 'CustomError28');
  const bad = decodePoolError(new Error('1010: Invalid Transaction: Custom error: 255'), {
    call: 'subtensorModule.addStake',
  });
  assert.match(bad?.hint ?? '', /not started yet.*start_call/);
});

test("chopsticks' JSON form decodes the same way", () => {
  const e = decodePoolError(new RpcLike(1010, '{"invalid":{"custom":11}}'));
  assert.equal(e?.code, 'InvalidIpAddress');
  assert.equal(decodePoolError(new RpcLike(1010, '{"invalid":{"stale":null}}'))?.code, 'Stale');
  assert.equal(decodePoolError(new RpcLike(1010, '{"invalid":{"badProof":null}}'))?.code, 'BadProof');
  assert.equal(decodePoolError(new RpcLike(1010, '{"invalid":{"payment":null}}'))?.code, 'Payment');
});

test('InvalidTransaction variants and other pool codes, with retriability', () => {
  const stale = decodePoolError(new Error('1010: Invalid Transaction: Transaction is outdated'));
  assert.equal(stale?.code, 'Stale');
  assert.equal(stale?.retriable, true);
  assert.equal(
    decodePoolError(new Error('1010: Invalid Transaction: Transaction will be valid in the future'))?.code,
    'Future',
  );
  const prio = decodePoolError(new Error('1014: Priority is too low: (0 vs 0)'));
  assert.equal(prio?.code, 'PriorityTooLow');
  assert.equal(prio?.retriable, true);
  assert.match(prio?.message ?? '', /Priority is too low/);
  assert.equal(decodePoolError(new Error('1013: Transaction Already Imported'))?.code, 'AlreadyImported');
  assert.equal(decodePoolError(new Error('1012: Transaction is temporarily banned'))?.code, 'TemporarilyBanned');
  const pay = decodePoolError(
    new Error('1010: Invalid Transaction: Inability to pay some fees (e.g. account balance too low)'),
  );
  assert.equal(pay?.code, 'Payment');
  assert.equal(pay?.retriable, false);
});

test('errors that are not pool errors are left alone', () => {
  assert.equal(decodePoolError(new Error('disconnected from ws://127.0.0.1:9944: 1006')), undefined);
  assert.equal(decodePoolError(new Error('-32601: Method not found')), undefined);
});
