import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { BASE_FIELD_NAMES, BaseSynapse, defineSynapse } from './define.js';
import { defineSynapseFromJson } from './definition-json.js';
import { t } from './fields.js';
import { bodyHash, strField } from './hash.js';
import { parseJson } from './json.js';
import { decodeJsonBody, encodeJsonBody } from './json-body.js';

const H = (s: string) => createHash('sha3-256').update(s).digest('hex');
const chain = (...parts: string[]) => H(parts.map(H).join(''));

describe('defineSynapse', () => {
  const Q = defineSynapse({
    name: 'Query',
    fields: {
      prompt: t.str(),
      temperature: t.float().default(0.7),
      tags: t.list(t.str()).default([]),
      meta: t.object({ b: t.str(), a: t.int().default(1) }).optional(),
      answer: t.str().optional().frozen(),
    },
    hashFields: ['prompt', 'temperature'],
    deserialize: (s) => s.answer ?? '',
  });

  test('instances have base fields first, in Python order, then fields in declaration order', () => {
    const s = Q.create({ prompt: 'hi' });
    assert.deepEqual(Object.keys(s), [...BASE_FIELD_NAMES, 'prompt', 'temperature', 'tags', 'meta', 'answer']);
    assert.equal(s.name, 'Query');
    assert.equal(s.timeout, 12);
    assert.equal(s.computed_body_hash, '');
    assert.equal(s.dendrite.nonce, null);
  });
  test('metadata: required, frozen and hash fields', () => {
    assert.deepEqual(Q.requiredFields, ['prompt']);
    assert.deepEqual(Q.frozenFields, ['answer']);
    assert.deepEqual(Q.hashFields, ['prompt', 'temperature']);
    assert.deepEqual(BaseSynapse.fieldNames, []);
  });
  test('mutable defaults are fresh per instance', () => {
    const a = Q.create({ prompt: 'a' });
    a.tags.push('x');
    assert.deepEqual(Q.create({ prompt: 'b' }).tags, []);
  });
  test('nested objects are ordered by declaration, defaults filled', () => {
    const s = Q.create({ prompt: 'p', meta: { b: 'x' } });
    assert.deepEqual(Object.keys(s.meta!), ['b', 'a']);
    assert.equal(strField(Q.fields.meta, s.meta), "{'b': 'x', 'a': 1}");
  });
  test('copy: an independent copy with the same values, JSON and hash, for flat and nested fields', () => {
    const Flat = defineSynapse({ name: 'Flat', fields: { x: t.int(), y: t.any().optional() }, hashFields: ['x', 'y'] });
    const flat = decodeJsonBody(Flat, '{"x": 1, "y": 2.0, "dendrite": {"nonce": 1795304537608313210}}');
    flat.name = 'Renamed';
    const c = Flat.copy(flat);
    assert.deepEqual(c, flat);
    assert.equal(encodeJsonBody(Flat, c), encodeJsonBody(Flat, flat));
    assert.equal(bodyHash(Flat, c), chain('1', '2.0'), 'the untyped 2.0 is still a float in the copy');
    c.dendrite.nonce = 1n;
    c.x = 5;
    assert.equal(flat.dendrite.nonce, 1795304537608313210n);
    assert.equal(flat.x, 1);
    const q = Q.create({ prompt: 'p', tags: ['a'], meta: { b: 'x' } });
    const qc = Q.copy(q);
    assert.deepEqual(qc, q);
    qc.tags.push('b');
    qc.meta!.b = 'changed';
    assert.deepEqual(q.tags, ['a']);
    assert.equal(q.meta!.b, 'x');
  });
  test('the deserialize hook', () => {
    assert.equal(Q.deserialize(Q.create({ prompt: 'p', answer: 'yes' })), 'yes');
    assert.equal(BaseSynapse.deserialize(BaseSynapse.create({})).name, 'Synapse');
  });
  test('a body name never overrides the class name (Python overwrites it)', () => {
    assert.equal(Q.fromBody({ name: 'Other', prompt: 'p' }).name, 'Query');
  });
  test('invalid input names the field', () => {
    assert.throws(
      () => Q.create({} as never),
      (e: Error & { code: string }) =>
        e.code === 'SYNAPSE_INVALID_VALUE' && e.message.includes('Query.prompt') && e.message.includes('missing'),
    );
    assert.throws(() => Q.fromBody({ prompt: 5 }), /Query\.prompt: expected a string, got 5/);
    assert.throws(() => Q.fromBody({ prompt: 'p', tags: ['a', 1] }), /Query\.tags\[1\]: expected a string/);
    assert.throws(() => Q.fromBody({ prompt: 'p', temperature: 'hot' }), /Query\.temperature: expected a float/);
    assert.throws(() => Q.fromBody({ prompt: null }), /not nullable/);
    assert.throws(() => Q.fromBody({ prompt: 'p', dendrite: { nonce: '1.5' } }), /dendrite\.nonce/);
  });
  test('lax coercion like pydantic', () => {
    const I = defineSynapse({ name: 'I', fields: { i: t.int(), f: t.float(), b: t.bool(), big: t.bigint() } });
    const s = I.fromBody({ i: '5', f: '1e-05', b: 'true', big: '1795304537608313210' });
    assert.deepEqual([s.i, s.f, s.b, s.big], [5, 1e-5, true, 1795304537608313210n]);
    assert.equal(I.fromBody({ i: 5.0, f: 1, b: 0, big: 3 }).i, 5);
    assert.throws(() => I.fromBody({ i: 5.5, f: 1, b: true, big: 1 }), /expected an integer/);
    assert.throws(() => I.fromBody({ i: 2n ** 60n, f: 1, b: true, big: 1 }), /t\.bigint\(\)/);
  });
  test('definition errors', () => {
    assert.throws(() => defineSynapse({ name: 'bad name', fields: {} }), { code: 'SYNAPSE_INVALID_DEFINITION' });
    assert.throws(
      () => defineSynapse({ name: 'X', fields: { timeout: t.float() } }),
      /clashes with a base Synapse field/,
    );
    assert.throws(
      () => defineSynapse({ name: 'X', fields: { a: t.int() }, hashFields: ['b' as 'a'] }),
      /hash field 'b'/,
    );
    assert.throws(() => defineSynapse({ name: 'X', fields: { a: 5 as never } }), /not a field builder/);
  });
});

describe('body hash of typed fields (expected str() values derived from Python rules)', () => {
  test('a float field given JSON 1 hashes as 1.0', () => {
    const F = defineSynapse({ name: 'F', fields: { x: t.float() }, hashFields: ['x'] });
    const s = decodeJsonBody(F, '{"x": 1}');
    assert.equal(strField(F.fields.x, s.x), '1.0');
    assert.equal(bodyHash(F, s), chain('1.0'));
    assert.notEqual(bodyHash(F, s), chain('1'));
    assert.match(encodeJsonBody(F, s), /"x": 1\.0}$/);
  });
  test('every kind', () => {
    const K = defineSynapse({
      name: 'K',
      fields: {
        s: t.str(),
        i: t.int(),
        f: t.float(),
        b: t.bool(),
        n: t.int().optional(),
        lf: t.list(t.float()),
        d: t.dict(t.int()),
        u: t.dict(),
        o: t.object({ z: t.str(), y: t.list() }),
        a: t.any(),
      },
      hashFields: ['s', 'i', 'f', 'b', 'n', 'lf', 'd', 'u', 'o', 'a'],
    });
    const s = decodeJsonBody(
      K,
      '{"s": "line\\nbreak", "i": 42, "f": 1e16, "b": false, "lf": [1, 2.5], "d": {"k": 1}, ' +
        '"u": {"x": [1.0, "it\'s", null]}, "o": {"y": [true], "z": "q"}, "a": 0.1}',
    );
    const expected = [
      'line\nbreak', // a top-level str is itself
      '42',
      '1e+16',
      'False',
      'None',
      '[1.0, 2.5]',
      "{'k': 1}",
      `{'x': [1.0, "it's", None]}`,
      "{'z': 'q', 'y': [True]}",
      '0.1',
    ];
    K.hashFields.forEach((f, i) => {
      assert.equal(f === 'a' ? '0.1' : strField(K.fields[f], (s as Record<string, unknown>)[f]), expected[i], f);
    });
    assert.equal(bodyHash(K, s), chain(...expected));
  });
  test('tuples hash as Python tuples, not lists', () => {
    const T = defineSynapse({
      name: 'T',
      fields: { pair: t.tuple(t.int(), t.str()), one: t.tuple(t.float()), any: t.tuple().default([]) },
      hashFields: ['pair', 'one', 'any'],
    });
    const s = decodeJsonBody(T, '{"pair": [1, "a"], "one": [2]}');
    const typed: [number, string] = s.pair;
    assert.deepEqual(typed, [1, 'a']);
    assert.equal(bodyHash(T, s), chain("(1, 'a')", '(2.0,)', '()'));
    assert.match(encodeJsonBody(T, s), /"pair": \[1, "a"\], "one": \[2\.0\], "any": \[\]}$/);
    assert.throws(() => T.fromBody({ pair: [1], one: [2] }), /T\.pair: expected a tuple of 2 items/);
    const j = defineSynapseFromJson({
      name: 'J',
      fields: { p: { type: 'tuple', items: ['int', 'str'], required: true } },
      hashFields: ['p'],
    });
    assert.equal(bodyHash(j, j.fromBody({ p: [1, 'a'] })), chain("(1, 'a')"));
  });
  test('an untyped field holding an integral float literal keeps it a float', () => {
    const A = defineSynapse({ name: 'A', fields: { a: t.any() }, hashFields: ['a'] });
    assert.equal(bodyHash(A, decodeJsonBody(A, '{"a": 2.0}')), chain('2.0'));
    assert.equal(bodyHash(A, decodeJsonBody(A, '{"a": 2}')), chain('2'));
  });
});

describe('the JSON definition form (CLI)', () => {
  const def = defineSynapseFromJson({
    name: 'F',
    fields: {
      x: { type: 'float', required: true },
      y: { type: 'dict' },
      z: { type: 'list', optional: true },
      b: { type: 'bool' },
    },
    hashFields: ['x', 'y', 'z', 'b'],
  });
  test('required, defaulted and optional fields', () => {
    assert.deepEqual(def.requiredFields, ['x']);
    const s = def.fromBody({ x: 1 });
    assert.deepEqual([s.y, s.z, s.b], [{}, null, false]);
  });
  test('hash of the issue example body', () => {
    const s = def.fromBody(JSON.parse('{"x": 1, "y": {"k": [1, 2.5, "s"]}, "b": true}'));
    assert.equal(bodyHash(def, s), chain('1.0', "{'k': [1, 2.5, 's']}", 'None', 'True'));
  });
  test('errors name the problem', () => {
    assert.throws(
      () => defineSynapseFromJson({ name: 'F', fields: { x: { type: 'float64' } } }),
      /fields\.x: type must be one of/,
    );
    assert.throws(() => defineSynapseFromJson({ name: 'F', fields: {}, hashFields: ['q'] }), /hash field 'q'/);
    assert.throws(() => defineSynapseFromJson([]), { code: 'SYNAPSE_INVALID_DEFINITION' });
    assert.throws(
      () => defineSynapseFromJson({ name: 'F', fields: { x: { type: 'int', required: true, optional: true } } }),
      /both required and optional/,
    );
  });
  test('every Python kind hashes as Python str() does: ints of any size, floats, bools, strs, lists, dicts', () => {
    // Expected texts are Python's own: pydantic 2.13 `M.model_validate(json.loads(body))`, then `str(v)` for each
    // value of `model_dump()`, with the model `i: int, f: float, b: bool, s: str, l: list, li: list[int],
    // lf: list[float], d: dict, di: dict[str, int], a: Any` (all defaulted).
    const m = defineSynapseFromJson({
      name: 'M',
      fields: {
        i: 'int',
        f: 'float',
        b: 'bool',
        s: 'str',
        l: 'list',
        li: { type: 'list', items: 'int' },
        lf: { type: 'list', items: 'float' },
        d: 'dict',
        di: { type: 'dict', items: 'int' },
        a: 'any',
      },
      hashFields: ['i', 'f', 'b', 's', 'l', 'li', 'lf', 'd', 'di', 'a'],
    });
    const cases: [string, Record<string, string>][] = [
      [
        '{"i": 1180591620717411303424, "f": 1180591620717411303424, "li": [1180591620717411303424, -5], "lf": [1, 9007199254740993]}',
        {
          i: '1180591620717411303424',
          f: '1.1805916207174113e+21',
          b: 'False',
          s: '',
          l: '[]',
          li: '[1180591620717411303424, -5]',
          lf: '[1.0, 9007199254740992.0]',
          d: '{}',
          di: '{}',
          a: 'None',
        },
      ],
      [
        '{"i": -1180591620717411303424, "f": 1e16, "b": 1, "s": "it\'s \\u00e9\\n", "l": [1, 2.5, "s", true, null, 1180591620717411303424, 1.0, "it\'s"], "d": {"a": [1, {"b": "x"}], "c": 1e-05, "e": -0.0}}',
        {
          i: '-1180591620717411303424',
          f: '1e+16',
          b: 'True',
          s: "it's é\n",
          l: "[1, 2.5, 's', True, None, 1180591620717411303424, 1.0, \"it's\"]",
          li: '[]',
          lf: '[]',
          d: "{'a': [1, {'b': 'x'}], 'c': 1e-05, 'e': -0.0}",
          di: '{}',
          a: 'None',
        },
      ],
      [
        '{"i": "123", "f": "1e400", "b": "yes", "di": {"k": 1180591620717411303424}, "by": "ab\\u00e9\'", "a": 1180591620717411303424}',
        {
          i: '123',
          f: 'inf',
          b: 'True',
          s: '',
          l: '[]',
          li: '[]',
          lf: '[]',
          d: '{}',
          di: "{'k': 1180591620717411303424}",
          a: '1180591620717411303424',
        },
      ],
      [
        '{"i": 9007199254740993, "f": 9007199254740993, "a": 1e400, "l": [1e400, -1e400]}',
        {
          i: '9007199254740993',
          f: '9007199254740992.0',
          b: 'False',
          s: '',
          l: '[inf, -inf]',
          li: '[]',
          lf: '[]',
          d: '{}',
          di: '{}',
          a: 'inf',
        },
      ],
      [
        '{"i": 2.0, "f": 0.1, "a": [1.0, 2]}',
        { i: '2', f: '0.1', b: 'False', s: '', l: '[]', li: '[]', lf: '[]', d: '{}', di: '{}', a: '[1.0, 2]' },
      ],
    ];
    for (const [body, python] of cases) {
      const s = m.fromBody(parseJson(body) as Record<string, unknown>) as unknown as Record<string, unknown>;
      for (const [k, text] of Object.entries(python))
        assert.equal(strField(m.fields[k]!, s[k], k), text, `${k} of ${body}`);
      assert.equal(bodyHash(m, s as never), chain(...m.hashFields.map((k) => python[k]!)), body);
    }
  });
  test('an int beyond 2^53 is kept whole in the body too', () => {
    const d = defineSynapseFromJson({ name: 'Big', fields: { n: { type: 'int', required: true } }, hashFields: ['n'] });
    const s = decodeJsonBody(d, '{"n": 1180591620717411303424}');
    assert.equal(bodyHash(d, s), chain('1180591620717411303424'));
    assert.match(encodeJsonBody(d, s), /"n": 1180591620717411303424}$/);
    assert.throws(() => d.fromBody({ n: 1.5 }), /Big\.n: expected an integer, got 1\.5/);
  });
  test('nested types: items and object fields', () => {
    const d = defineSynapseFromJson({
      name: 'N',
      fields: {
        l: { type: 'list', items: 'float', required: true },
        o: { type: 'object', fields: { a: 'int' }, required: true },
      },
      hashFields: ['l', 'o'],
    });
    assert.equal(bodyHash(d, d.fromBody({ l: [1, 2], o: { a: 3 } })), chain('[1.0, 2.0]', "{'a': 3}"));
  });
});
