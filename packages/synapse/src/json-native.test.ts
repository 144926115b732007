import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonInJs, stringifyJson } from './json.js';
import { parseJsonNative, SLOW } from './json-native.js';
import { isMarkedFloat } from './py-float.js';

const CASES = [
  '{"name":"Dummy","timeout":12.0,"dendrite":{"nonce":1795304537608313210,"port":null},"input":3,"output":6}',
  '[1.0, 2, 3e2, -0.0, 12345678901234567890, [9007199254740993, {"x": 1E1}]]',
  '{"a": 1.0, "a": 2}',
  '{"__proto__": 12345678901234567890, "b": {"__proto__": 5.0}}',
  '12345678901234567890',
  '7.0',
  '{"s": "quote \\" and 1234567890123456789 and \\\\", "n": 1e400, "t": [true, false, null]}',
  '{"0": 1.0, "1": [2.0], "k": "v"}',
  '  {"ws" :\t[ 1 , 2.5 ]\n}  ',
];

test('the native fast path builds exactly what the JavaScript parser builds, float marks included', () => {
  for (const text of CASES) {
    const fast = parseJsonNative(text);
    assert.notEqual(fast, SLOW, text);
    const slow = parseJsonInJs(text);
    assert.deepEqual(fast, slow, text);
    // Integral float literals are still written back as floats, so the marks came through.
    assert.equal(stringifyJson(fast), stringifyJson(slow), text);
  }
  const v = parseJsonNative('{"t": 12.0, "list": [1.0, 1]}') as { t: number; list: number[] };
  assert.ok(isMarkedFloat(v, 't', 12));
  assert.ok(isMarkedFloat(v.list, 0, 1));
  assert.ok(!isMarkedFloat(v.list, 1, 1));
  const proto = parseJsonNative('{"__proto__": 12345678901234567890}') as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(proto, '__proto__')?.value, 12345678901234567890n);
});

test('what the fast path leaves to the JavaScript parser: Python extensions, deep nesting, placeholders, bad JSON', () => {
  for (const text of [
    '{"a": NaN}',
    '[Infinity]',
    '[-Infinity]',
    `${'['.repeat(600)}${']'.repeat(600)}`,
    // A real string that would read as a placeholder if the fast path took it.
    '{"s": "\\u00000", "n": 12345678901234567890}',
    '{"a": 1,}',
    '01',
    '"unterminated',
  ]) {
    assert.equal(parseJsonNative(text), SLOW, text);
  }
});
