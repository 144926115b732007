import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { TensorValue } from '@subnetkit/synapse';
import { InferenceError } from './errors.js';
import type { TensorSpec } from './model.js';
import { fromWire, split, stack, validateSample } from './tensor.js';

const IMAGE: TensorSpec[] = [{ name: 'image', shape: [null, 28, 28], dtype: 'float32' }];

function rejects(fn: () => unknown, status: number, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InferenceError, String(err));
    assert.equal(err.code, 'INFERENCE_INVALID_INPUT');
    assert.equal(err.status, status, err.message);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('validateSample', () => {
  const ok = () => ({ buffer: new Float32Array(784), dtype: 'float32', shape: [28, 28] });

  it('accepts one sample, with or without a leading 1, and keeps the same buffer (no copy)', () => {
    const t = ok();
    const out = validateSample(IMAGE, t);
    assert.equal(out.image?.buffer, t.buffer);
    assert.deepEqual(out.image?.shape, [28, 28]);
    const withOne = validateSample(IMAGE, { image: { ...ok(), shape: [1, 28, 28], dtype: 'torch.float32' } });
    assert.deepEqual(withOne.image?.shape, [28, 28]);
  });

  it('refuses a wrong shape (422) naming the input', () => {
    rejects(
      () => validateSample(IMAGE, { ...ok(), buffer: new Float32Array(756), shape: [27, 28] }),
      422,
      /input 'image'.*\[27,28\].*\[28,28\]/,
    );
  });

  it('refuses a wrong dtype (422)', () => {
    rejects(
      () => validateSample(IMAGE, { buffer: new Int32Array(784), dtype: 'int32', shape: [28, 28] }),
      422,
      /dtype int32, the model takes float32/,
    );
  });

  it('refuses a buffer whose length does not match its shape (400)', () => {
    rejects(
      () => validateSample(IMAGE, { buffer: new Float32Array(700), dtype: 'float32', shape: [28, 28] }),
      400,
      /holds 700 elements, shape \[28,28\] needs 784/,
    );
  });

  it('refuses a buffer whose array type contradicts its dtype (400)', () => {
    rejects(
      () => validateSample(IMAGE, { buffer: new Float64Array(784), dtype: 'float32', shape: [28, 28] }),
      400,
      /Float64Array/,
    );
  });

  it('refuses NaN and Infinity (422) naming the element', () => {
    const t = ok();
    t.buffer[5] = Number.NaN;
    rejects(() => validateSample(IMAGE, t), 422, /element 5 is NaN/);
    t.buffer[5] = Number.POSITIVE_INFINITY;
    rejects(() => validateSample(IMAGE, t), 422, /element 5 is Infinity/);
    assert.ok(validateSample(IMAGE, t, { allowNonFinite: true }).image);
  });

  it('refuses a batch in a single request (422)', () => {
    rejects(
      () => validateSample(IMAGE, { buffer: new Float32Array(784 * 3), dtype: 'float32', shape: [3, 28, 28] }),
      422,
      /batch of 3/,
    );
  });

  it('refuses missing and unknown inputs (422), and an undecoded buffer (400)', () => {
    const two: TensorSpec[] = [...IMAGE, { name: 'mask', shape: [null, 4], dtype: 'float32' }];
    rejects(() => validateSample(two, { image: ok() }), 422, /input 'mask' is missing/);
    rejects(() => validateSample(IMAGE, { image: ok(), extra: ok() }), 422, /unknown input 'extra'/);
    rejects(() => validateSample(two, ok()), 422, /takes 2 inputs/);
    rejects(
      () => validateSample(IMAGE, { buffer: 'AAAA', dtype: 'float32', shape: [28, 28] } as never),
      400,
      /not a typed array/,
    );
  });

  it('names the field with a custom label', () => {
    rejects(
      () => validateSample(IMAGE, { ...ok(), shape: [784] }, { label: () => "field 'pixels'" }),
      422,
      /^field 'pixels'/,
    );
  });
});

describe('fromWire', () => {
  const vectors = JSON.parse(
    readFileSync(new URL('../../../../shared/vectors/bt-tensor.json', import.meta.url), 'utf8'),
  ).vectors as { name: string; wire: TensorValue; values: unknown; dtype: string; shape: number[] }[];

  it('decodes the tensors real Python peers send', () => {
    const v = vectors.find((x) => x.name === 'float32_2x3');
    assert.ok(v);
    const t = fromWire(v.wire, 'x');
    assert.ok(t.buffer instanceof Float32Array);
    assert.deepEqual(Array.from(t.buffer), (v.values as number[][]).flat());
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.dtype, 'float32');
    const u8 = fromWire((vectors.find((x) => x.name === 'uint8_digit_4x4') as { wire: TensorValue }).wire);
    assert.ok(u8.buffer instanceof Uint8Array);
  });

  it('passes a typed-array buffer through without copying', () => {
    const data = new Float32Array([1, 2, 3]);
    assert.equal(fromWire({ buffer: data, dtype: 'torch.float32', shape: [3] }).buffer, data);
  });

  it('answers 400 naming the field for a corrupt or missing buffer', () => {
    rejects(() => fromWire({ buffer: '!!notmsgpack', dtype: 'float32', shape: [1] }, 'pixels'), 400, /^pixels: /);
    rejects(
      () => fromWire({ buffer: null, dtype: 'float32', shape: [1] }, 'pixels'),
      400,
      /pixels: the tensor has no buffer/,
    );
  });
});

describe('stack / split', () => {
  it('stacks samples in order and splits outputs back as views', () => {
    const specs: TensorSpec[] = [{ name: 'x', shape: [null, 2], dtype: 'float32' }];
    const samples = [0, 1, 2].map((i) => ({
      x: { buffer: new Float32Array([i, i + 10]), dtype: 'float32', shape: [2] },
    }));
    const batch = stack(specs, samples);
    assert.deepEqual(batch.x?.shape, [3, 2]);
    assert.deepEqual(Array.from(batch.x?.buffer as Float32Array), [0, 10, 1, 11, 2, 12]);
    const one = stack(specs, [samples[1] as never]);
    assert.equal(one.x?.buffer, samples[1]?.x.buffer);
    const parts = split({ y: { buffer: new Float32Array([5, 6, 7]), dtype: 'float32', shape: [3, 1] } }, 3);
    assert.deepEqual(
      parts.map((p) => Array.from(p.y?.buffer as Float32Array)),
      [[5], [6], [7]],
    );
  });
});
