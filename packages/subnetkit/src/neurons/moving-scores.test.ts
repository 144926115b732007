import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MovingScores } from './moving-scores.js';

test('moving average per uid: queried uids move toward the reward, others keep their score', () => {
  const m = new MovingScores(0.5);
  m.align(['a', 'b', 'c']);
  m.update([0, 1], [1, 0.5]);
  m.update([0], [1]);
  assert.deepEqual(Array.from(m.scores), [0.75, 0.25, 0]);
  m.update([2], [Number.NaN]);
  m.update([1], [-3]);
  assert.deepEqual(Array.from(m.scores), [0.75, 0.125, 0], 'NaN and negative rewards count as 0');
});

test('a uid whose hotkey changed starts again from 0; the vector grows with the subnet', () => {
  const m = new MovingScores(1, { scores: [0.9, 0.8, 0.7], hotkeys: ['a', 'b', 'c'] });
  const reset = m.align(['a', 'B', 'c', 'd']);
  assert.deepEqual(reset, [1]);
  assert.deepEqual(Array.from(m.scores), [0.9, 0, 0.7, 0]);
  assert.deepEqual(m.hotkeys, ['a', 'B', 'c', 'd']);
  assert.throws(() => new MovingScores(0), /alpha must be in \(0, 1\]/);
});
