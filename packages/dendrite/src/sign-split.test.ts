/** The split of a forward's signatures between the calling thread and the pool moves toward the faster side. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SIGN_HERE_UP_TO, SignSplit } from './sign-split.js';

test('small fan-outs and a pool without loaded workers sign everything here', () => {
  const split = new SignSplit();
  assert.equal(split.signedHere(1, 2), 1);
  assert.equal(split.signedHere(SIGN_HERE_UP_TO, 4), SIGN_HERE_UP_TO);
  assert.equal(split.signedHere(256, 0), 256);
});

test('a large fan-out starts with an equal share per thread and always leaves the pool a batch', () => {
  const split = new SignSplit();
  assert.equal(split.signedHere(256, 3), 64);
  assert.equal(split.signedHere(48, 1), 24);
  assert.equal(split.signedHere(20, 1), 20 - SIGN_HERE_UP_TO, 'the pool keeps a whole batch');
});

test('slow workers (a loaded machine) shift the share here; workers done early shift it back', () => {
  const split = new SignSplit();
  // 128 of 256 here took 40 ms; the pool's 128 took 160 ms: this thread signs 4x faster than the pool.
  split.learn(128, 256, 40, 160);
  const after = split.signedHere(256, 1);
  assert.ok(after > 128 && after <= 256 - SIGN_HERE_UP_TO, `more here: ${after}`);
  // Next the pool's signatures were already waiting when this thread finished: give the pool more.
  split.learn(after, 256, 60, 60);
  assert.ok(split.signedHere(256, 1) < after, 'less here after the pool kept up');
});

test('a tracked forward learns once both shares are signed', () => {
  const split = new SignSplit();
  const fwd = split.begin(20, 100);
  fwd.open();
  for (let i = 0; i < 80; i++) fwd.signedOnPool();
  assert.equal(split.fraction(4), 1 / 5, 'nothing learned before this thread finished its share');
  for (let i = 0; i < 20; i++) fwd.signedHere();
  assert.notEqual(split.fraction(4), 1 / 5);
});
