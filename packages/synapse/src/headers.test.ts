import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defineSynapse } from './define.js';
import { t } from './fields.js';
import { fromHeaders, INPUT_OBJ_PLACEHOLDER, toHeaders } from './headers.js';
import { parsePyFloat, parsePyInt } from './py-number.js';

const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { input: t.int(), output: t.int().optional() },
  hashFields: ['input'],
});

function base(extra: [string, string][] = []): [string, string][] {
  return [['name', 'Dummy'], ['timeout', '12.0'], ['bt_header_input_obj_input', 'MA=='], ...extra];
}

describe('bt_header_input_obj_* placeholders', () => {
  const All = defineSynapse({
    name: 'All',
    fields: {
      s: t.str(),
      i: t.int(),
      big: t.bigint(),
      f: t.float(),
      b: t.bool(),
      l: t.list(t.int()),
      d: t.dict(),
      o: t.object({ a: t.int() }),
      tn: t.tensor(),
      anyStr: t.any(),
      anyNum: t.any(),
      anyFloat: t.any(),
      anyList: t.any(),
      opt: t.str().optional(),
      dflt: t.str().default('x'),
      nul: t.str().nullable(),
    },
  });
  const s = All.create({
    s: 'text',
    i: 7,
    big: 10n ** 20n,
    f: 3, // integral value, still a float: 0.0
    b: true,
    l: [1],
    d: { k: 1 },
    o: { a: 1 },
    tn: { buffer: null, dtype: 'torch.float32', shape: [1] },
    anyStr: 'x',
    anyNum: 4,
    anyFloat: 4.5,
    anyList: [1],
    nul: null,
  });
  const h = new Map(toHeaders(All, s));
  test('one per required, non-null field, by the value type', () => {
    assert.equal(h.get('bt_header_input_obj_s'), 'IiI=');
    assert.equal(h.get('bt_header_input_obj_i'), 'MA==');
    assert.equal(h.get('bt_header_input_obj_big'), 'MA==');
    assert.equal(h.get('bt_header_input_obj_f'), 'MC4w');
    assert.equal(h.get('bt_header_input_obj_b'), 'ZmFsc2U=');
    assert.equal(h.get('bt_header_input_obj_l'), 'W10=');
    assert.equal(h.get('bt_header_input_obj_d'), 'e30=');
    assert.equal(h.get('bt_header_input_obj_o'), 'e30=');
    assert.equal(h.get('bt_header_input_obj_tn'), 'e30=');
    assert.equal(h.get('bt_header_input_obj_anyStr'), 'IiI=');
    assert.equal(h.get('bt_header_input_obj_anyNum'), 'MA==');
    assert.equal(h.get('bt_header_input_obj_anyFloat'), 'MC4w');
    assert.equal(h.get('bt_header_input_obj_anyList'), 'W10=');
  });
  test('none for optional, defaulted, or null-valued fields', () => {
    assert.equal(h.has('bt_header_input_obj_opt'), false);
    assert.equal(h.has('bt_header_input_obj_dflt'), false);
    assert.equal(h.has('bt_header_input_obj_nul'), false);
  });
  test('the placeholders are base64 of the empty JSON values', () => {
    const decoded = Object.fromEntries(
      Object.entries(INPUT_OBJ_PLACEHOLDER).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
    );
    assert.deepEqual(decoded, { str: '""', int: '0', float: '0.0', bool: 'false', list: '[]', dict: '{}' });
  });
  test('they parse back to empty values of each kind', () => {
    const back = fromHeaders(All, [...h]);
    assert.equal(back.s, '');
    assert.equal(back.i, 0);
    assert.equal(back.f, 0);
    assert.deepEqual(back.l, []);
    assert.deepEqual(back.o, { a: 0 });
    assert.deepEqual(back.tn, { buffer: null, dtype: '', shape: [] });
    assert.equal(back.dflt, 'x');
    assert.equal(back.opt, null);
  });
});

describe('numeric header formats (Python int() / float())', () => {
  test('int accepts what int() accepts', () => {
    assert.equal(parsePyInt('12'), 12n);
    assert.equal(parsePyInt(' 12 '), 12n);
    assert.equal(parsePyInt('+5'), 5n);
    assert.equal(parsePyInt('-5'), -5n);
    assert.equal(parsePyInt('007'), 7n);
    assert.equal(parsePyInt('1_000'), 1000n);
    assert.equal(parsePyInt('1795304537608313210'), 1795304537608313210n);
  });
  test('int rejects what int() rejects', () => {
    for (const bad of ['12.0', '1e3', '', ' ', '0x10', '1__0', '_1', '1_', 'five', '12 3']) {
      assert.throws(() => parsePyInt(bad, 'h'), { code: 'SYNAPSE_INVALID_HEADER' }, bad);
    }
  });
  test('float accepts what float() accepts', () => {
    assert.equal(parsePyFloat('12'), 12);
    assert.equal(parsePyFloat('12.0'), 12);
    assert.equal(parsePyFloat('1e-05'), 1e-5);
    assert.equal(parsePyFloat('.5'), 0.5);
    assert.equal(parsePyFloat('5.'), 5);
    assert.equal(parsePyFloat(' -1.5E+3 '), -1500);
    assert.equal(parsePyFloat('1_0.2_5'), 10.25);
    assert.equal(parsePyFloat('inf'), Number.POSITIVE_INFINITY);
    assert.equal(parsePyFloat('-Infinity'), Number.NEGATIVE_INFINITY);
    assert.ok(Number.isNaN(parsePyFloat('NaN')));
  });
  test('float rejects what float() rejects', () => {
    for (const bad of ['', '.', 'e5', '1e', '0x1p3', 'None', '1,5', '--1']) {
      assert.throws(() => parsePyFloat(bad, 'h'), { code: 'SYNAPSE_INVALID_HEADER' }, bad);
    }
  });
  test('in headers: "12.0" for an int header names the header', () => {
    assert.throws(
      () => fromHeaders(Dummy, base([['bt_header_dendrite_nonce', '12.0']])),
      (err: Error & { code: string }) =>
        err.code === 'SYNAPSE_INVALID_HEADER' &&
        err.message.includes('bt_header_dendrite_nonce') &&
        err.message.includes('int()'),
    );
    assert.throws(() => fromHeaders(Dummy, base([['bt_header_axon_port', '80.5']])), {
      code: 'SYNAPSE_INVALID_HEADER',
    });
    assert.throws(() => fromHeaders(Dummy, base([['total_size', '1.0']])), { code: 'SYNAPSE_INVALID_HEADER' });
  });
  test('in headers: float-typed values accept integer and exponent forms', () => {
    const h = fromHeaders(Dummy, [
      ['name', 'Dummy'],
      ['timeout', '12'],
      ['bt_header_axon_process_time', '1e-05'],
      ['bt_header_input_obj_input', 'MA=='],
    ]);
    assert.equal(h.timeout, 12);
    assert.equal(h.axon.process_time, 1e-5);
  });
});

describe('fromHeaders', () => {
  test('accepts a Headers object, a record with repeated values and mixed-case names', () => {
    const hs = new Headers({ Name: 'Dummy', Timeout: '3.5', BT_HEADER_INPUT_OBJ_INPUT: 'MA==' });
    assert.equal(fromHeaders(Dummy, hs).timeout, 3.5);
    const rec = fromHeaders(Dummy, { name: 'Dummy', timeout: ['1.0', '2.0'], bt_header_input_obj_input: 'MA==' });
    assert.equal(rec.timeout, 2);
  });
  test('ignores unknown terminal fields and unrelated headers', () => {
    const h = fromHeaders(
      Dummy,
      base([
        ['bt_header_axon_bogus', 'x'],
        ['x-other', 'y'],
      ]),
    );
    assert.equal(h.axon.ip, null);
  });
  test('a missing required placeholder is a clear error', () => {
    assert.throws(
      () => fromHeaders(Dummy, [['name', 'Dummy']]),
      (err: Error & { code: string }) =>
        err.code === 'SYNAPSE_MISSING_HEADER' && err.message.includes('bt_header_input_obj_input'),
    );
  });
  test('bad base64 or bad JSON in a placeholder names the header', () => {
    assert.throws(() => fromHeaders(Dummy, [['bt_header_input_obj_input', 'MA=']]), { code: 'SYNAPSE_INVALID_HEADER' });
    assert.throws(
      () => fromHeaders(Dummy, [['bt_header_input_obj_input', Buffer.from('{oops').toString('base64')]]),
      (err: Error & { code: string }) =>
        err.code === 'SYNAPSE_INVALID_HEADER' && /input_obj_input.*JSON/.test(err.message),
    );
  });
  test('missing timeout gives null; a null timeout is written as Python writes str(None)', () => {
    assert.equal(fromHeaders(Dummy, [['bt_header_input_obj_input', 'MA==']]).timeout, null);
    const s = Dummy.create({ input: 1, timeout: null });
    assert.deepEqual(toHeaders(Dummy, s)[1], ['timeout', 'None']);
  });
  test('computed_body_hash is recomputed, never copied from the synapse', () => {
    const s = Dummy.create({ input: 5, computed_body_hash: 'stale' });
    assert.equal(
      new Map(toHeaders(Dummy, s)).get('computed_body_hash'),
      '4fae6364bdbf7a0def40e782ea7656d4bc96dd42a6eaf71d62b977d74e733ecf',
    );
  });
  test('terminal floats and big ints are written as Python str() writes them', () => {
    const s = Dummy.create({
      input: 1,
      axon: { status_code: 200, process_time: 3.2901763916015625e-5, nonce: 1795304539479898123n },
    });
    const h = new Map(toHeaders(Dummy, s));
    assert.equal(h.get('bt_header_axon_process_time'), '3.2901763916015625e-05');
    assert.equal(h.get('bt_header_axon_nonce'), '1795304539479898123');
    assert.equal(h.get('bt_header_axon_status_code'), '200');
  });
});
