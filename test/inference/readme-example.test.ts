import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../../packages/inference/examples/serve.js';

test('the inference README example runs end to end', async () => {
  const { engine, probs, health } = await main();
  assert.equal(engine, 'onnx-cpu');
  assert.equal(probs.length, 10);
  assert.ok(Math.abs(probs.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  const models = (health as { models: Record<string, { backend: string; maxBatch: number }> }).models;
  assert.equal(models.mlp?.backend, 'onnx');
  assert.equal(models.mlp?.maxBatch, 32);
});
