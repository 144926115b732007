import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pythonTensor, tensor } from '@subnetkit/synapse';
import { accuracyOfAnswer, LATENCY_HALF_LIFE_S, reward } from './reward.js';

test('reward is accuracy, halved at the latency half-life', () => {
  assert.equal(reward(1, 0), 1);
  assert.equal(reward(0.8, 0), 0.8);
  assert.equal(reward(1, LATENCY_HALF_LIFE_S), 0.5);
  assert.equal(reward(0, 0.1), 0);
});

test('a more accurate answer scores more at equal latency; a slower one less at equal accuracy', () => {
  assert.ok(reward(0.95, 0.2) > reward(0.9, 0.2));
  assert.ok(reward(0.9, 0.1) > reward(0.9, 1.2));
  // The demo's tiers: a right but 1.2 s slow answer loses to a noisier fast one.
  assert.ok(reward(0.75, 0.3) > reward(0.93, 1.5));
});

test('reward refuses values outside its domain, naming them', () => {
  assert.throws(() => reward(1.5, 0), /accuracy/);
  assert.throws(() => reward(0.5, -1), /latency/);
  assert.throws(() => reward(0.5, Number.NaN), /latency/);
});

test('accuracyOfAnswer counts rows whose most probable class is the label (typed-array and JSON-wire tensors)', () => {
  const labels = Uint8Array.from([3, 7, 0]);
  const probs = new Float32Array(30);
  probs[0 * 10 + 3] = 0.9; // right
  probs[1 * 10 + 1] = 0.6; // wrong (says 1)
  probs[1 * 10 + 7] = 0.4;
  probs[2 * 10 + 0] = 0.5; // right
  const answer = tensor(probs, [3, 10]);
  assert.equal(accuracyOfAnswer(answer, labels), 2 / 3);
  assert.equal(accuracyOfAnswer(pythonTensor(answer), labels), 2 / 3);
});

test('an answer of the wrong shape or none at all is an error naming the problem', () => {
  const labels = Uint8Array.from([1, 2]);
  assert.throws(
    () => accuracyOfAnswer(tensor(new Float32Array(10), [1, 10]), labels),
    /shape \[1,10\], expected \[2, 10\]/,
  );
  assert.throws(() => accuracyOfAnswer(tensor(new Float32Array(20), [20]), labels), /shape \[20\]/);
  assert.throws(() => accuracyOfAnswer(undefined, labels), /no probs/);
});
