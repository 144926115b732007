/**
 * The golden vectors of spec/axon-protocol.md §9 (V1, V2, V4, V5, V6).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { keccakAsHex } from '@polkadot/util-crypto';
import { BaseSynapse, defineSynapse } from './define.js';
import { t } from './fields.js';
import { bodyHash, EMPTY_BODY_HASH } from './hash.js';
import { fromHeaders, toHeaders } from './headers.js';
import { intToIp, ipToInt } from './ip.js';
import { encodeJsonBody } from './json-body.js';
import { NonceStore } from './nonce.js';
import { signedMessage, verifyRequestSignature, verifySignature } from './signing.js';
import { devKey } from './test-support.js';
import { versionAsInt } from './version.js';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE_PUB = 'd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const UUID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const NONCE = 1700000000123456789n;
const V2_HASH = '4fae6364bdbf7a0def40e782ea7656d4bc96dd42a6eaf71d62b977d74e733ecf';
const V4_SIG =
  '0x5e6bb9f08bb9c404e7ca7d8a050f54caa6205ac6428d20dc479d52c2c1e59d3b0975fb4ca0ce0c4a2f13a4fd4c3374ec5ff1caa7e17bce8beace6928cdc56f82';

const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { input: t.int(), output: t.int().optional() },
  hashFields: ['input'],
});

function v5Synapse(signature: string) {
  return Dummy.create({
    input: 5,
    timeout: 12.0,
    total_size: 2880,
    dendrite: { ip: '203.0.113.7', version: 10002000, nonce: NONCE, uuid: UUID, hotkey: ALICE, signature },
    axon: { ip: '198.51.100.20', port: 8091, hotkey: BOB },
  });
}

describe('V1: empty hash constant', () => {
  test('base Synapse hashes to SHA3-256("")', () => {
    assert.equal(bodyHash(BaseSynapse, BaseSynapse.create({})), EMPTY_BODY_HASH);
    assert.equal(EMPTY_BODY_HASH, createHash('sha3-256').update('').digest('hex'));
    assert.equal(EMPTY_BODY_HASH, 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a');
  });
  test('it is not Keccak-256', () => {
    assert.equal(keccakAsHex('', 256).slice(2), 'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    assert.notEqual(EMPTY_BODY_HASH, keccakAsHex('', 256).slice(2));
  });
  test('a subclass with no hash fields also hashes to it', () => {
    const S = defineSynapse({ name: 'S', fields: { x: t.int() } });
    assert.equal(bodyHash(S, S.create({ x: 3 })), EMPTY_BODY_HASH);
  });
});

describe('V2: one-field synapse', () => {
  test('H(H("5")) chain', () => {
    assert.equal(
      createHash('sha3-256').update('5').digest('hex'),
      '86bc56fc56af4c3cde021282f6b727ee9f90dd636e0b0c712a85d416c75e652d',
    );
    assert.equal(bodyHash(Dummy, Dummy.create({ input: 5 })), V2_HASH);
  });
  test('output is not hashed', () => {
    assert.equal(bodyHash(Dummy, Dummy.create({ input: 5, output: 10 })), V2_HASH);
    assert.notEqual(bodyHash(Dummy, Dummy.create({ input: 6 })), V2_HASH);
  });
});

describe('V4: signed message and signature', () => {
  const message = signedMessage({
    nonce: NONCE,
    dendriteHotkey: ALICE,
    axonHotkey: BOB,
    uuid: UUID,
    bodyHash: V2_HASH,
  });
  test('message text', () => {
    assert.equal(
      message,
      '1700000000123456789.5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY.5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty.7c9e6679-7425-40de-944b-e07fc1f90ae7.4fae6364bdbf7a0def40e782ea7656d4bc96dd42a6eaf71d62b977d74e733ecf',
    );
  });
  test('the polkadot-js signature verifies over the raw bytes, not the wrapped ones', () => {
    assert.equal(verifySignature(message, V4_SIG, ALICE), 'raw');
    // A signature over the wrapped form is accepted as "wrapped" (Python tries raw first, then <Bytes>).
    const alice = devKey('//Alice');
    assert.equal(Buffer.from(alice.publicKey).toString('hex'), ALICE_PUB);
    const wrappedSig = `0x${Buffer.from(alice.sign(`<Bytes>${message}</Bytes>`)).toString('hex')}`;
    assert.equal(verifySignature(message, wrappedSig, ALICE), 'wrapped');
  });
  test('a different axon hotkey or a flipped byte fails', () => {
    assert.equal(verifySignature(message.replace(BOB, ALICE), V4_SIG, ALICE), false);
    const flipped = V4_SIG.slice(0, -2) + (V4_SIG.endsWith('82') ? '83' : '82');
    assert.equal(verifySignature(message, flipped, ALICE), false);
    assert.equal(verifySignature(message, V4_SIG, BOB), false);
  });
  test('fresh signatures are randomized but verify', () => {
    const alice = devKey('//Alice');
    const a = Buffer.from(alice.sign(message)).toString('hex');
    const b = Buffer.from(alice.sign(message)).toString('hex');
    assert.notEqual(a, b);
    assert.equal(verifySignature(message, `0x${a}`, ALICE), 'raw');
  });
});

describe('V5: request headers for Dummy(input=5)', () => {
  test('header set and order', () => {
    const s = v5Synapse(V4_SIG);
    const headers = toHeaders(Dummy, s, { headerSize: 464 });
    assert.deepEqual(headers, [
      ['name', 'Dummy'],
      ['timeout', '12.0'],
      ['bt_header_axon_ip', '198.51.100.20'],
      ['bt_header_axon_port', '8091'],
      ['bt_header_axon_hotkey', BOB],
      ['bt_header_dendrite_ip', '203.0.113.7'],
      ['bt_header_dendrite_version', '10002000'],
      ['bt_header_dendrite_nonce', '1700000000123456789'],
      ['bt_header_dendrite_uuid', UUID],
      ['bt_header_dendrite_hotkey', ALICE],
      ['bt_header_dendrite_signature', V4_SIG],
      ['bt_header_input_obj_input', 'MA=='],
      ['header_size', '464'],
      ['total_size', '2880'],
      ['computed_body_hash', V2_HASH],
    ]);
  });
  test('parsing them back gives the placeholder input, the exact nonce and the hash as sent', () => {
    const h = fromHeaders(Dummy, toHeaders(Dummy, v5Synapse(V4_SIG)));
    assert.equal(h.input, 0);
    assert.equal(h.output, null);
    assert.equal(h.dendrite.nonce, NONCE);
    assert.equal(h.computed_body_hash, V2_HASH);
    assert.equal(h.axon.port, 8091);
    assert.equal(h.timeout, 12);
    assert.equal(verifyRequestSignature(h, BOB).ok, true);
    assert.equal(verifyRequestSignature(h, ALICE).ok, false);
  });
  test('body as Python sends it', () => {
    const sigPlaceholder = '0x…';
    const body = encodeJsonBody(Dummy, v5Synapse(sigPlaceholder));
    const expected =
      '{"name": "Dummy", "timeout": 12.0, "total_size": 2880, "header_size": 0, ' +
      '"dendrite": {"status_code": null, "status_message": null, "process_time": null, "ip": "203.0.113.7", "port": null, "version": 10002000, "nonce": 1700000000123456789, "uuid": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "hotkey": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", "signature": "0x\\u2026"}, ' +
      '"axon": {"status_code": null, "status_message": null, "process_time": null, "ip": "198.51.100.20", "port": 8091, "version": null, "nonce": null, "uuid": null, "hotkey": "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty", "signature": null}, ' +
      '"computed_body_hash": "", "input": 5, "output": null}';
    assert.equal(body, expected);
  });
});

describe('V6: numeric helpers', () => {
  test('version_as_int', () => {
    assert.equal(versionAsInt('10.2.0'), 10002000);
    assert.equal(versionAsInt('10.5.0'), 10005000);
    assert.equal(versionAsInt('9.12.2'), 9012002);
    assert.equal(versionAsInt('7.2.0'), 7002000);
    assert.equal(versionAsInt('11.3.0'), 11003000);
    assert.equal(versionAsInt('1.2.3-rc.1'), 1002003);
    assert.throws(() => versionAsInt('1.2'), { code: 'SYNAPSE_INVALID_VERSION' });
    assert.throws(() => versionAsInt('1.1000.0'), { code: 'SYNAPSE_INVALID_VERSION' });
  });
  test('IP to integer and back', () => {
    assert.equal(ipToInt('1.2.3.4'), 16909060n);
    assert.equal(ipToInt('198.51.100.20'), 3325256724n);
    assert.equal(ipToInt('2001:db8::1'), 42540766411282592856903984951653826561n);
    assert.equal(ipToInt('::'), 0n);
    assert.equal(ipToInt('::ffff:1.2.3.4'), 0xffff01020304n);
    assert.equal(ipToInt('fe80:0:0:0:0:0:0:1'), ipToInt('fe80::1'));
    assert.equal(intToIp(16909060n), '1.2.3.4');
    assert.equal(intToIp(3325256724), '198.51.100.20');
    assert.equal(intToIp(42540766411282592856903984951653826561n), '2001:db8::1');
    assert.equal(intToIp(1n, 6), '::1');
    assert.equal(intToIp(ipToInt('2001:db8:0:1:0:0:0:1')), '2001:db8:0:1::1');
    assert.throws(() => ipToInt('300.1.1.1'), { code: 'SYNAPSE_INVALID_IP' });
    assert.throws(() => intToIp(1n << 128n), { code: 'SYNAPSE_INVALID_IP' });
  });
  test('nonce window: a new key must be newer than now - 16 s for timeout 12.0', () => {
    const now = 1_800_000_000_000_000_000n;
    const store = new NonceStore({ clock: () => now });
    const window = now - 16_000_000_000n;
    assert.equal(store.check({ key: 'a:u', nonce: window, timeout: 12.0, version: 10002000 }).ok, false);
    assert.equal(store.check({ key: 'a:u', nonce: window + 1n, timeout: 12.0, version: 10002000 }).ok, true);
  });
});
