import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineSynapseFromJson, SubnetkitError, SynapseError } from '@subnetkit/synapse';

test('a SubnetkitError carries code, shortMessage, details, docsPath, metaMessages and cause', () => {
  const root = new TypeError('socket hang up');
  const err = new SubnetkitError('AXON_UNREACHABLE', 'the axon at 127.0.0.1:8091 did not answer', {
    cause: root,
    docsPath: 'docs/errors.md#axon_unreachable',
    metaMessages: ['hotkey: 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty'],
  });
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'SubnetkitError');
  assert.equal(err.code, 'AXON_UNREACHABLE');
  assert.equal(err.shortMessage, 'the axon at 127.0.0.1:8091 did not answer');
  assert.equal(err.details, 'socket hang up', "details default to the cause's message");
  assert.equal(err.cause, root);
  assert.equal(
    err.message,
    [
      'the axon at 127.0.0.1:8091 did not answer',
      '',
      'hotkey: 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
      '',
      'Docs: docs/errors.md#axon_unreachable',
    ].join('\n'),
  );
  const plain = new SubnetkitError('X', 'short', { details: 'why' });
  assert.equal(plain.message, 'short\n\nDetails: why');
  assert.deepEqual(plain.metaMessages, []);
  assert.equal(plain.docsPath, undefined);
});

test('walk() finds the deepest cause, or the first error a predicate accepts', () => {
  const root = new RangeError('nonce too old');
  const middle = new SubnetkitError('NONCE_REJECTED', 'nonce rejected', { cause: root });
  const top = new SubnetkitError('REQUEST_REFUSED', 'request refused', { cause: middle });
  assert.equal(top.walk(), root);
  assert.equal(top.details, 'nonce too old', 'details pass through from a SubnetkitError cause');
  assert.equal(
    top.walk((e) => e instanceof SubnetkitError && e.code === 'NONCE_REJECTED'),
    middle,
  );
  assert.equal(
    top.walk((e) => e instanceof SyntaxError),
    null,
  );
  const alone = new SubnetkitError('ALONE', 'no cause');
  assert.equal(alone.walk(), alone, 'without a cause the error itself is the deepest');
  const looped = new SubnetkitError('LOOP', 'a cause chain that loops');
  (looped as { cause?: unknown }).cause = new SubnetkitError('BACK', 'points back', { cause: looped });
  assert.equal((looped.walk() as SubnetkitError).code, 'BACK', 'a looping chain ends instead of spinning');
});

test('SynapseError is a SubnetkitError and keeps its name, code and message', () => {
  let caught: unknown;
  try {
    defineSynapseFromJson({ fields: {} });
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof SynapseError);
  assert.ok(caught instanceof SubnetkitError);
  assert.equal(caught.name, 'SynapseError');
  assert.equal(caught.code, 'SYNAPSE_INVALID_DEFINITION');
  assert.equal(caught.message, caught.shortMessage, 'no lines added to an existing message');
  assert.match(caught.message, /definition\.name/);
});
