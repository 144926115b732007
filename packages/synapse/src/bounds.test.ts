/**
 * Bounds on client-controlled input (found by trying the axon as an attacker): every value is bounded by its format
 * before expensive work, and errors echo client values cut short.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defineSynapse } from './define.js';
import type { SynapseError } from './errors.js';
import { t } from './fields.js';
import { parseJson, parseJsonInJs } from './json.js';
import { decodeJsonBody } from './json-body.js';
import { NonceStore } from './nonce.js';
import { parsePyInt } from './py-number.js';
import { publicKeyOf } from './signing.js';

const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { input: t.int(), output: t.int().optional() },
  hashFields: ['input'],
});
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

function ms(f: () => unknown): number {
  const t0 = performance.now();
  try {
    f();
  } catch {}
  return performance.now() - t0;
}

describe('addresses are checked by their format before decoding', () => {
  test('a 15,000-character base58 hotkey is refused at once, naming the expected length', () => {
    const long = '5'.repeat(15_000);
    assert.throws(
      () => publicKeyOf(long),
      (e: SynapseError) => {
        assert.equal(e.code, 'SYNAPSE_INVALID_ADDRESS');
        assert.match(e.message, /47-49 base58 characters/);
        assert.ok(e.message.length < 300, `message of ${e.message.length} characters`);
        return true;
      },
    );
    // Decoding it took ~1 s of event loop before the bound; a format check takes microseconds.
    assert.ok(ms(() => publicKeyOf(long)) < 50);
  });
  test('real addresses still decode', () => {
    assert.equal(publicKeyOf(ALICE).length, 32);
    assert.equal(publicKeyOf(`0x${'ab'.repeat(32)}`).length, 32);
  });
});

describe('JSON bodies are bounded while parsing', () => {
  test('an integer of 7 million digits is refused as Python refuses it, with a short message', () => {
    const body = `{"input": ${'7'.repeat(7_000_000)}}`;
    assert.throws(
      () => parseJson(body),
      (e: SynapseError) => {
        assert.equal(e.code, 'SYNAPSE_INVALID_JSON');
        assert.match(e.message, /a number of 7000000 characters \(the limit is 4300/);
        assert.ok(e.message.length < 300);
        return true;
      },
    );
    assert.ok(ms(() => parseJson(body)) < 2000, 'bounded before converting to a bigint');
  });
  test('4300 digits (what Python accepts) still parse exactly', () => {
    const big = '9'.repeat(4300);
    assert.equal((parseJson(`[${big}]`) as bigint[])[0], BigInt(big));
  });
  test('an object with more than 10,000 members is refused; 10,000 parse', () => {
    const obj = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":1`).join(',')}}`;
    assert.equal(Object.keys(parseJson(obj(10_000)) as object).length, 10_000);
    assert.throws(() => parseJson(obj(400_000)), /an object with more than 10000 members/);
  });
  test('more than 200,000 members in one document are refused', () => {
    const doc = `[${Array.from({ length: 201 }, () => `{${Array.from({ length: 1000 }, (_, i) => `"k${i}":1`).join(',')}}`).join(',')}]`;
    assert.throws(() => parseJson(doc), /more than 200000 object members/);
    assert.throws(() => parseJsonInJs(doc), /more than 200000 object members/);
  });
  test('many short strings parse in linear time on the JavaScript path (NaN forces it)', () => {
    const doc = `[NaN,${Array.from({ length: 100_000 }, (_, i) => `"s${i}"`).join(',')}]`;
    // Each string used to search the rest of the text for a backslash: seconds for this document.
    assert.ok(ms(() => parseJson(doc)) < 1500);
    assert.equal((parseJson(doc) as unknown[]).length, 100_001);
  });
  test('a 422-style field error echoes a huge value cut short', () => {
    assert.throws(
      () => decodeJsonBody(Dummy, `{"input": "${'x'.repeat(100_000)}"}`),
      (e: Error) => {
        assert.match(e.message, /^Dummy\.input: expected an integer, got "x+…"/);
        assert.ok(e.message.length < 200, `message of ${e.message.length} characters`);
        return true;
      },
    );
    assert.throws(
      () => decodeJsonBody(Dummy, `{"input": 1, "dendrite": {"port": ${'9'.repeat(4000)}}}`),
      (e: Error) => {
        assert.ok(e.message.length < 300, `message of ${e.message.length} characters`);
        return true;
      },
    );
  });
  test('header integers are bounded like Python int() (4300 digits)', () => {
    assert.throws(() => parsePyInt('1'.repeat(5000), 'bt_header_dendrite_nonce'), /exceeds the limit of 4300 digits/);
    assert.equal(parsePyInt('12'), 12n);
  });
});

describe('the nonce store is bounded by bytes', () => {
  test('long keys evict by estimated memory, and an evicted nonce raises the floor (no replay)', () => {
    let now = 1_800_000_000_000_000_000n;
    const store = new NonceStore({ maxBytes: 64 * 1024, clock: () => now });
    const first = `${ALICE}:${'u'.repeat(14_000)}`;
    assert.ok(store.accept({ key: first, nonce: now, timeout: 12 }).ok);
    for (let i = 1; i <= 10; i++) {
      now += 1_000_000n;
      store.accept({ key: `${ALICE}:${String(i).repeat(14_000 / String(i).length)}`, nonce: now, timeout: 12 });
      assert.ok(store.bytes <= 64 * 1024, `${store.bytes} bytes after ${i} inserts`);
    }
    assert.equal(store.last(first), undefined, 'the oldest entry was evicted');
    const replay = store.check({ key: first, nonce: 1_800_000_000_000_000_000n, timeout: 12 });
    assert.equal(replay.ok, false);
  });
});
