/**
 * A tensor buffer must agree with itself (found by the digits fuzz: a buffer whose msgpack-numpy shape said twice the
 * images it held was served 200, where a Python peer raises when numpy reads it).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SynapseError } from './errors.js';
import { decodeTensorBuffer, encodeTensorBuffer } from './tensor.js';

const refused = (b64: string, pattern: RegExp) =>
  assert.throws(
    () => decodeTensorBuffer(b64),
    (e: SynapseError) => e.code === 'SYNAPSE_INVALID_VALUE' && pattern.test(e.message),
  );

test('a buffer whose own shape does not hold its data is refused, naming both', () => {
  refused(encodeTensorBuffer(new Float32Array(6), [4, 3]), /shape \[4, 3\] does not hold its 6 elements/);
  refused(encodeTensorBuffer(new Float32Array(6), [2]), /shape \[2\] does not hold its 6 elements/);
  refused(encodeTensorBuffer(new Float32Array(2), [-2, -1]), /does not hold its 2 elements/);
  refused(encodeTensorBuffer(new Float32Array(2), [2.5]), /does not hold its 2 elements/);
  refused(encodeTensorBuffer(new Float32Array(2), [2 ** 64]), /does not hold its 2 elements/);
});

test('consistent buffers still decode: batches, empty and scalar tensors', () => {
  assert.deepEqual(decodeTensorBuffer(encodeTensorBuffer(new Float32Array(6), [2, 3])).shape, [2, 3]);
  assert.deepEqual(decodeTensorBuffer(encodeTensorBuffer(new Float32Array(0), [0, 28, 28])).shape, [0, 28, 28]);
  assert.deepEqual([...decodeTensorBuffer(encodeTensorBuffer(new Float64Array([7]), [])).data], [7]);
});
