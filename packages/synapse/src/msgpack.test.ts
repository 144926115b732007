import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defineSynapse } from './define.js';
import { t } from './fields.js';
import { bodyHash } from './hash.js';
import { decodeJsonBody, encodeJsonBody } from './json-body.js';
import { decodeMsgpackBody, encodeMsgpackBody } from './msgpack-body.js';
import { decodeTensorBuffer, encodeTensorBuffer, tensor, tensorData } from './tensor.js';

const Embed = defineSynapse({
  name: 'Embed',
  fields: {
    texts: t.list(t.str()),
    scale: t.float().default(1),
    extra: t.dict().default({}),
    embedding: t.tensor().optional(),
  },
  hashFields: ['texts', 'scale', 'extra', 'embedding'],
});

describe('msgpack body codec', () => {
  test('round trip with a Float32Array tensor, a 19-digit nonce and integral floats', () => {
    const data = new Float32Array([0.5, -1.25, 3, 1e-7, 42, 0]);
    const s = Embed.create({
      texts: ['a', 'b'],
      scale: 2,
      extra: decodeJsonBody(Embed, '{"texts": [], "extra": {"w": 1.0, "n": 1}}').extra,
      embedding: tensor(data, [2, 3]),
      dendrite: { nonce: 1795304537608313210n, hotkey: 'h' },
    });
    const bytes = encodeMsgpackBody(Embed, s);
    const back = decodeMsgpackBody(Embed, bytes);
    assert.equal(back.dendrite.nonce, 1795304537608313210n);
    assert.equal(back.scale, 2);
    assert.deepEqual(back.texts, ['a', 'b']);
    const arr = tensorData(back.embedding!);
    assert.ok(arr instanceof Float32Array);
    assert.deepEqual(Array.from(arr), Array.from(data));
    assert.deepEqual(back.embedding!.shape, [2, 3]);
    assert.equal(back.embedding!.dtype, 'torch.float32');
    // The receiver computes the same body hash as the sender: `1.0` inside the untyped dict stayed a float.
    assert.equal(bodyHash(Embed, back), bodyHash(Embed, s));
    assert.match(encodeJsonBody(Embed, back), /"extra": \{"w": 1\.0, "n": 1\}/);
  });
  test('smaller than JSON for tensors', () => {
    const s = Embed.create({ texts: [], embedding: tensor(new Float32Array(4096).fill(0.1)) });
    assert.ok(encodeMsgpackBody(Embed, s).length < Buffer.byteLength(encodeJsonBody(Embed, s)) / 1.2);
  });
  test('garbage is a clear error', () => {
    assert.throws(() => decodeMsgpackBody(Embed, new Uint8Array([0xc1])), { code: 'SYNAPSE_INVALID_MSGPACK' });
    assert.throws(
      () => decodeMsgpackBody(Embed, encodeMsgpackBody(Embed, Embed.create({ texts: ['x'] })).slice(0, 20)),
      {
        code: 'SYNAPSE_INVALID_MSGPACK',
      },
    );
  });
});

describe('tensor (bt.Tensor)', () => {
  test('msgpack-numpy layout of the buffer', () => {
    const b64 = encodeTensorBuffer(new Float32Array([1.5, 2]), [2]);
    // fixmap(5) {bin 'nd': true, bin 'type': '<f4', bin 'kind': b'', bin 'shape': [2], bin 'data': 8 bytes LE}
    const hex = [
      '85',
      'c4026e64',
      'c3',
      'c40474797065',
      'a33c6634',
      'c4046b696e64',
      'c400',
      'c40573686170 65'.replace(' ', ''),
      '9102',
      'c40464617461',
      'c408',
      '0000c03f00000040',
    ].join('');
    assert.equal(Buffer.from(b64, 'base64').toString('hex'), hex);
    const back = decodeTensorBuffer(b64);
    assert.deepEqual(Array.from(back.data as Float32Array), [1.5, 2]);
    assert.deepEqual(back.shape, [2]);
  });
  test('JSON carries the Python form; the hash covers it', () => {
    const s = Embed.create({ texts: [], embedding: tensor(new Int32Array([1, 2, 3])) });
    const json = encodeJsonBody(Embed, s);
    const b64 = encodeTensorBuffer(new Int32Array([1, 2, 3]), [3]);
    assert.ok(json.endsWith(`"embedding": {"buffer": "${b64}", "dtype": "torch.int32", "shape": [3]}}`));
    const parsed = decodeJsonBody(Embed, json);
    assert.equal(typeof parsed.embedding!.buffer, 'string');
    assert.equal(bodyHash(Embed, parsed), bodyHash(Embed, s));
    assert.deepEqual(Array.from(tensorData(parsed.embedding!) as Int32Array), [1, 2, 3]);
  });
  test('shape must match the data', () => {
    assert.throws(() => tensor(new Float32Array(6), [4, 2]), { code: 'SYNAPSE_INVALID_VALUE' });
  });
});
