import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJson, stringifyJson } from './json.js';
import { pyFloat } from './py-float.js';

describe('parseJson (lossless)', () => {
  test('19-digit nonces and larger integers become exact bigints; small ones stay numbers', () => {
    const v = parseJson(
      '{"nonce": 1795304537608313210, "n": 5, "neg": -12345678901234567890, "edge": 9007199254740991}',
    );
    assert.deepEqual(v, { nonce: 1795304537608313210n, n: 5, neg: -12345678901234567890n, edge: 9007199254740991 });
  });
  test('floats stay numbers, including huge float literals', () => {
    assert.deepEqual(parseJson('[1.5, 1e400, -0.0, 12345678901234567890.0]'), [
      1.5,
      Number.POSITIVE_INFINITY,
      -0,
      Number('12345678901234567890'),
    ]);
  });
  test('number edges: exponents, 16-digit integers either side of 2^53, forms JSON does not allow', () => {
    assert.deepEqual(parseJson('[1E+5, 2e-3, -0, 0, 9007199254740993, 1234567890123456, -9007199254740992]'), [
      1e5,
      2e-3,
      -0,
      0,
      9007199254740993n,
      1234567890123456,
      -9007199254740992n,
    ]);
    for (const bad of ['1.', '1.e5', '.5', '1e', '1e+', '-a', '+1', '0x10', '--1']) {
      assert.throws(() => parseJson(bad), { code: 'SYNAPSE_INVALID_JSON' }, bad);
    }
    // Integral float literals are still told apart from ints.
    assert.equal(stringifyJson(parseJson('[1E2, 100]')), '[100.0, 100]');
  });
  test("Python's NaN, Infinity and -Infinity are accepted", () => {
    const v = parseJson('{"a": NaN, "b": Infinity, "c": -Infinity}') as Record<string, number>;
    assert.ok(Number.isNaN(v.a));
    assert.equal(v.b, Number.POSITIVE_INFINITY);
    assert.equal(v.c, Number.NEGATIVE_INFINITY);
  });
  test('strings with escapes, unicode and surrogate pairs', () => {
    assert.equal(parseJson('"a\\n\\u00e9\\ud83d\\ude00\\"\\\\"'), 'a\né😀"\\');
    assert.equal(parseJson(new TextEncoder().encode('"日本"')), '日本');
  });
  test('a repeated key keeps the last value', () => {
    assert.deepEqual(parseJson('{"a": 1, "b": 2, "a": 3}'), { a: 3, b: 2 });
  });
  test('__proto__ is an own property and never changes the prototype', () => {
    const v = parseJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.deepEqual(Object.keys(v), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
  test('errors name the offset', () => {
    for (const bad of ['', '{', '{"a" 1}', '[1,]', '01', '"\\x"', '{"a": tru}', '[1] x', '"a\nb"', '-']) {
      assert.throws(
        () => parseJson(bad),
        (e: Error & { code: string }) => e.code === 'SYNAPSE_INVALID_JSON' && /offset \d+/.test(e.message),
        bad,
      );
    }
  });
  test('deep nesting is bounded', () => {
    assert.throws(() => parseJson('['.repeat(10_000)), { code: 'SYNAPSE_INVALID_JSON' });
  });
});

describe('stringifyJson (Python json.dumps)', () => {
  test('python style: ", " and ": " separators, ensure_ascii with lowercase \\u escapes', () => {
    assert.equal(stringifyJson({ a: [1, 'é'], b: null }), '{"a": [1, "\\u00e9"], "b": null}');
    assert.equal(stringifyJson('😀'), '"\\ud83d\\ude00"');
    assert.equal(stringifyJson('\x7f\x01\n\t"\\'), '"\\u007f\\u0001\\n\\t\\"\\\\"');
  });
  test('compact style (Starlette JSONResponse): no spaces, raw UTF-8', () => {
    assert.equal(stringifyJson({ a: [1, 'é😀'], b: true }, 'compact'), '{"a":[1,"é😀"],"b":true}');
  });
  test('numbers as Python writes them', () => {
    assert.equal(
      stringifyJson([1, 2.5, 1e-5, pyFloat(1e16), 1795304537608313210n, Number.NaN, -Infinity]),
      '[1, 2.5, 1e-05, 1e+16, 1795304537608313210, NaN, -Infinity]',
    );
    // An integral JS number is a Python int unless marked: 1e16 alone is the int 10000000000000000.
    assert.equal(stringifyJson(1e16), '10000000000000000');
    assert.equal(stringifyJson([pyFloat(12)]), '[12.0]');
  });
  test('integral floats read from JSON are written back as floats', () => {
    const text = '{"x": 1.0, "y": [2.0, 3], "z": {"w": 0.0}}';
    assert.equal(stringifyJson(parseJson(text)), text);
  });
});
