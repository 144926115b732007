import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLASSES, gather, loadDigits, PIXELS, SPLIT, splitDigits } from './data.js';

test("the mnist package's 10,000 real digits load as grey levels 0..1 with every class present", () => {
  const d = loadDigits();
  assert.equal(d.count, 10_000);
  assert.equal(d.images.length, d.count * PIXELS);
  const perClass = new Array(CLASSES).fill(0);
  for (const l of d.labels) perClass[l]++;
  for (const n of perClass) assert.ok(n >= 800 && n <= 1200, `class sizes ${perClass}`);
  let min = 1;
  let max = 0;
  for (const v of d.images) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  assert.equal(min, 0);
  assert.ok(max > 0.99 && max <= 1, `max grey level ${max}`);
  assert.match(d.hash, /^[0-9a-f]{64}$/);
});

test('the split is disjoint, covers every digit, holds out 20%, and has every class on both sides', () => {
  const d = loadDigits();
  const { train, heldOut } = splitDigits(d.count);
  assert.equal(heldOut.length, d.count * SPLIT.heldOutFraction);
  assert.equal(train.length + heldOut.length, d.count);
  const seen = new Uint8Array(d.count);
  for (const i of train) seen[i] = (seen[i] as number) + 1;
  for (const i of heldOut) seen[i] = (seen[i] as number) + 1;
  assert.ok(
    seen.every((n) => n === 1),
    'each digit is in exactly one side',
  );
  for (const side of [train, heldOut]) {
    const classes = new Set(gather(d, side).labels);
    assert.equal(classes.size, CLASSES);
  }
});

test('the split is deterministic: same seed, same split; another seed, another split', () => {
  const a = splitDigits(10_000);
  const b = splitDigits(10_000);
  assert.deepEqual(a.heldOut, b.heldOut);
  assert.deepEqual(a.train, b.train);
  const c = splitDigits(10_000, { seed: SPLIT.seed + 1 });
  assert.notDeepEqual(c.heldOut, a.heldOut);
  // Pinned: a change to the shuffle would silently move digits between sides (and invalidate cached models).
  assert.deepEqual(Array.from(a.heldOut.slice(0, 5)), [0, 6, 24, 30, 31]);
});

test('bad split parameters are refused with the parameter named', () => {
  assert.throws(() => splitDigits(10_000, { heldOutFraction: 1 }), /heldOutFraction/);
  assert.throws(() => splitDigits(10_000, { heldOutFraction: 0 }), /heldOutFraction/);
  assert.throws(() => splitDigits(1), /count/);
});

test('gather returns the digits at the indices, in order', () => {
  const d = loadDigits();
  const { images, labels } = gather(d, [3, 9_999]);
  assert.deepEqual(Array.from(labels), [d.labels[3], d.labels[9_999]]);
  assert.deepEqual(images.subarray(PIXELS), d.images.subarray(9_999 * PIXELS));
});
