import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJson } from './json.js';
import { pyFloat } from './py-float.js';
import { pyFloatRepr, pyRepr, pyStr, pyStrRepr } from './py-repr.js';

// Expected outputs are what CPython 3.11 prints for repr()/str(), derived from its rules (float_repr_style 'short':
// exponent form when the decimal exponent is < -4 or >= 16; repr quoting and escapes from unicode_repr).
describe('pyFloatRepr (Python repr(float))', () => {
  const cases: [number, string][] = [
    [1, '1.0'],
    [12, '12.0'],
    [100, '100.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [0.1, '0.1'],
    [2.5, '2.5'],
    [-2.5, '-2.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1 / 3, '0.3333333333333333'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [3.14e-10, '3.14e-10'],
    [123e-20, '1.23e-18'],
    [1e15, '1000000000000000.0'],
    [123456789012345.0, '123456789012345.0'],
    [1234567890123456.0, '1234567890123456.0'],
    [1e16, '1e+16'],
    [Number('12345678901234567'), '1.2345678901234568e+16'],
    [1e22, '1e+22'],
    [1e100, '1e+100'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [5e-324, '5e-324'],
    [3.2901763916015625e-5, '3.2901763916015625e-05'],
    [0.04896211624145508, '0.04896211624145508'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NEGATIVE_INFINITY, '-inf'],
    [Number.NaN, 'nan'],
  ];
  for (const [x, want] of cases) {
    test(`${want}`, () => assert.equal(pyFloatRepr(x), want));
  }
});

describe('pyStrRepr (Python repr(str))', () => {
  const cases: [string, string, string][] = [
    ['plain', 'abc', "'abc'"],
    ['single quote only -> double quotes', "it's", `"it's"`],
    ['double quotes only', 'say "hi"', `'say "hi"'`],
    ['both quotes -> single, escaped', `it's "x"`, `'it\\'s "x"'`],
    ['newline', 'a\nb', "'a\\nb'"],
    ['tab and carriage return', '\t\r', "'\\t\\r'"],
    ['backslash', 'a\\b', "'a\\\\b'"],
    ['NUL and ESC', '\x00\x1b', "'\\x00\\x1b'"],
    ['DEL', '\x7f', "'\\x7f'"],
    ['C1 control NEL', '\x85', "'\\x85'"],
    ['no-break space (Zs)', '\xa0', "'\\xa0'"],
    ['soft hyphen (Cf)', '\xad', "'\\xad'"],
    ['zero width space (Cf)', '\u200b', "'\\u200b'"],
    ['line separator (Zl)', '\u2028', "'\\u2028'"],
    ['lone surrogate (Cs)', '\ud800', "'\\ud800'"],
    ['private use (Co)', '\ue000', "'\\ue000'"],
    ['astral format char (Cf)', '\u{e0001}', "'\\U000e0001'"],
    ['printable non-ASCII stays raw', 'é日本😀', "'é日本😀'"],
    ['space is printable', 'a b', "'a b'"],
    ['empty', '', "''"],
  ];
  for (const [name, input, want] of cases) {
    test(name, () => assert.equal(pyStrRepr(input), want));
  }
});

describe('pyRepr / pyStr of containers and scalars', () => {
  test('scalars', () => {
    assert.equal(pyRepr(true), 'True');
    assert.equal(pyRepr(false), 'False');
    assert.equal(pyRepr(null), 'None');
    assert.equal(pyRepr(42), '42');
    assert.equal(pyRepr(-0), '0'); // an int zero: JSON -0 is the int 0 in Python
    assert.equal(pyRepr(1795304537608313210n), '1795304537608313210');
    assert.equal(pyRepr(2.5), '2.5');
  });
  test('str() of a top-level string is the raw text', () => {
    assert.equal(pyStr('hello\n'), 'hello\n');
    assert.equal(pyStr(5), '5');
    assert.equal(pyStr(null), 'None');
  });
  test('list with mixed items', () => {
    assert.equal(pyRepr([1, 2.5, 'a', null, true]), "[1, 2.5, 'a', None, True]");
  });
  test('dict keeps insertion order', () => {
    assert.equal(pyRepr({ k: 1, s: 'a' }), "{'k': 1, 's': 'a'}");
    assert.equal(pyRepr({ z: 1, a: 2 }), "{'z': 1, 'a': 2}");
  });
  test('nested and empty containers', () => {
    assert.equal(pyRepr({ a: [1, { b: null }], c: {}, d: [] }), "{'a': [1, {'b': None}], 'c': {}, 'd': []}");
  });
  test('strings inside containers use repr quoting', () => {
    assert.equal(pyRepr(["it's", 'a\nb', 'x"y']), `["it's", 'a\\nb', 'x"y']`);
    assert.equal(pyRepr({ "k'": 'v' }), `{"k'": 'v'}`);
  });
  test('integral float literals read from JSON stay floats', () => {
    const v = parseJson('[1.0, 2, 1e5, -0.0, 1e-7, 3.5]');
    assert.equal(pyRepr(v), '[1.0, 2, 100000.0, -0.0, 1e-07, 3.5]');
    assert.equal(pyRepr(parseJson('{"x": 1.0, "y": 1}')), "{'x': 1.0, 'y': 1}");
    assert.equal(pyRepr(parseJson('{"n": {"deep": [0.0]}}')), "{'n': {'deep': [0.0]}}");
  });
  test('a replaced value loses its float mark', () => {
    const v = parseJson('{"x": 1.0}') as Record<string, unknown>;
    v.x = 2;
    assert.equal(pyRepr(v), "{'x': 2}");
  });
  test('pyFloat forces a float', () => {
    assert.equal(pyRepr([pyFloat(1), 1]), '[1.0, 1]');
  });
  test('big integers from JSON keep every digit', () => {
    assert.equal(
      pyRepr(parseJson('[12345678901234567890, 9007199254740993]')),
      '[12345678901234567890, 9007199254740993]',
    );
  });
});
