import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { bls12_381 } from '@noble/curves/bls12-381';
import { parseCiphertext, TIMELOCK_OVERHEAD } from './ciphertext.js';
import { decryptWeightsCommit, encryptWeightsCommit } from './commit.js';
import { QUICKNET, QUICKNET_DST, roundIdentity } from './drand.js';
import { TimelockError } from './errors.js';
import { decodeTimelockPayload, encodeTimelockPayload } from './payload.js';
import { timelockDecrypt, timelockEncrypt, verifyRoundSignature } from './tle.js';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/^0x/, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// Real quicknet signatures (published by the beacon; also in subtensor's own tests).
const SIG_1000 = hex(
  'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39',
);
const SIG_2000 = hex(
  'b6cb8f482a0b15d45936a4c4ea08e98a087e71787caee3f4d07a8a9843b1bc5423c6b3c22f446488b3137eaca799c77e',
);

// The chain's own decryptor (the timelock crate compiled to wasm): a dev-only reference.
interface WasmTimelock {
  initSync(o: { module: Uint8Array }): unknown;
  tle(id: Uint8Array, msg: Uint8Array, key: Uint8Array, pk: Uint8Array, curve: string): number[];
  tld(ct: Uint8Array, sig: Uint8Array, curve: string): number[];
}
async function loadWasm(): Promise<WasmTimelock> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@ideallabs/timelock_wasm_wrapper');
  const mod = (await import(entry)) as WasmTimelock;
  mod.initSync({ module: readFileSync(join(dirname(entry), 'timelock_wasm_wrapper_bg.wasm')) });
  return mod;
}

/** A local beacon: a BLS key pair and its signature for a round. */
function localBeacon() {
  const sk = bls12_381.utils.randomPrivateKey();
  const skInt = BigInt(`0x${toHex(sk)}`) % bls12_381.fields.Fr.ORDER;
  const publicKey = bls12_381.G2.ProjectivePoint.BASE.multiply(skInt).toRawBytes(true);
  const sign = (round: number) =>
    (
      bls12_381.G1.hashToCurve(roundIdentity(round), {
        DST: QUICKNET_DST,
      }) as unknown as typeof bls12_381.G1.ProjectivePoint.BASE
    )
      .multiply(skInt)
      .toRawBytes(true);
  return { publicKey, sign };
}

const HOTKEY = '5DtUJ9ytbeCMjovFieNwaxxqRP3DzT6iQPnZTyKmi3n6iXey';
const PAYLOAD = { hotkey: HOTKEY, uids: [0, 3, 7, 250], values: [65535, 1, 32768, 12], versionKey: 1_000_003n };

function reasonIs(reason: string) {
  return (e: unknown) => e instanceof TimelockError && e.reason === reason;
}

describe('timelock encryption (CRv4 commits)', () => {
  it('round-trips with a local BLS key pair and fails with another round', () => {
    const beacon = localBeacon();
    const msg = new TextEncoder().encode('weights for round 77');
    const ct = timelockEncrypt(msg, 77, { publicKey: beacon.publicKey });
    assert.equal(ct.length, TIMELOCK_OVERHEAD + msg.length);
    assert.deepEqual(timelockDecrypt(ct, beacon.sign(77)), msg);
    assert.throws(() => timelockDecrypt(ct, beacon.sign(78)), reasonIs('u-check'));
  });

  it('decrypts a commit to quicknet round 1000 with the real round signature, and only with it', () => {
    assert.equal(verifyRoundSignature(SIG_1000, 1000), true);
    assert.equal(verifyRoundSignature(SIG_2000, 2000), true);
    assert.equal(verifyRoundSignature(SIG_2000, 1000), false);
    const commit = encryptWeightsCommit(PAYLOAD, 1000);
    const got = decryptWeightsCommit(commit, SIG_1000);
    assert.equal(got.hotkey, HOTKEY);
    assert.deepEqual(got.uids, PAYLOAD.uids);
    assert.deepEqual(got.values, PAYLOAD.values);
    assert.equal(got.versionKey, PAYLOAD.versionKey);
    assert.throws(() => decryptWeightsCommit(commit, SIG_2000), reasonIs('u-check'));
    // Told the round, the wrong signature is named as such before decrypting.
    assert.throws(
      () => decryptWeightsCommit(commit, SIG_2000, { round: 1000 }),
      (e: unknown) => reasonIs('signature')(e) && /round 1000/.test((e as Error).message),
    );
    assert.throws(() => decryptWeightsCommit(commit, SIG_1000.slice(0, 47)), reasonIs('signature'));
  });

  it('lays the ciphertext out byte for byte as the chain deserialises it', () => {
    const payload = encodeTimelockPayload(PAYLOAD);
    // hotkey Vec<u8> (compact 32 = 0x80), uids Vec<u16>, values Vec<u16>, version_key u64 LE.
    assert.equal(
      toHex(payload),
      `80${toHex(hex('50aa5d2960d8135bcdaf080a6a8a5a592600859029b492040b74dd3c5ecbd676'))}` +
        '10' +
        '0000' +
        '0300' +
        '0700' +
        'fa00' +
        '10' +
        'ffff' +
        '0100' +
        '0080' +
        '0c00' +
        '43420f0000000000', // 1_000_003 = 0x0f4243,
    );
    assert.equal(payload.length, 59);
    let counter = 0;
    const rand = (n: number) => Uint8Array.from({ length: n }, () => counter++ & 0xff);
    const ct = timelockEncrypt(payload, 1000, { randomBytes: rand });
    assert.equal(ct.length, 244 + 59);
    const u64 = (at: number) => new DataView(ct.buffer, ct.byteOffset + at, 8).getBigUint64(0, true);
    assert.ok(bls12_381.G2.ProjectivePoint.fromHex(ct.subarray(0, 96)));
    assert.equal(u64(96), 32n); // V
    assert.equal(u64(136), 32n); // W
    assert.equal(u64(176), 59n + 44n); // body
    assert.equal(u64(184), 59n + 16n); // AES ciphertext + tag
    assert.equal(u64(184 + 8 + 75), 12n); // nonce
    // The nonce is the third draw (key 0..31, sigma 32..63, nonce 64..75).
    assert.deepEqual(
      ct.subarray(275, 287),
      Uint8Array.from({ length: 12 }, (_, i) => 64 + i),
    );
    assert.equal(u64(287), 8n);
    assert.equal(Buffer.from(ct.subarray(295)).toString('latin1'), 'AES_GCM_');
    // Deterministic given the randomness; and still a valid commit.
    counter = 0;
    assert.deepEqual(timelockEncrypt(payload, 1000, { randomBytes: rand }), ct);
    assert.deepEqual(decodeTimelockPayload(timelockDecrypt(ct, SIG_1000)).uids, PAYLOAD.uids);
  });

  it('names the step a damaged commit fails at', () => {
    const commit = encryptWeightsCommit(PAYLOAD, 1000);
    const flip = (at: number) => {
      const c = commit.slice();
      c[at] = (c[at] as number) ^ 1;
      return c;
    };
    assert.throws(() => timelockDecrypt(commit.subarray(0, 200), SIG_1000), reasonIs('framing'));
    assert.throws(() => timelockDecrypt(flip(96), SIG_1000), reasonIs('framing')); // V's length
    assert.throws(() => timelockDecrypt(flip(296), SIG_1000), reasonIs('framing')); // the suite name
    assert.throws(() => timelockDecrypt(flip(50), SIG_1000), reasonIs('framing')); // U off the curve
    assert.throws(() => timelockDecrypt(flip(110), SIG_1000), reasonIs('u-check')); // V
    assert.throws(() => timelockDecrypt(flip(150), SIG_1000), reasonIs('u-check')); // W
    assert.throws(() => timelockDecrypt(flip(200), SIG_1000), reasonIs('aes-tag')); // body
    assert.throws(() => timelockDecrypt(flip(280), SIG_1000), reasonIs('aes-tag')); // nonce
    // A well-encrypted message that is not a weights payload.
    const junk = timelockEncrypt(new Uint8Array([0x80, 1, 2]), 1000);
    assert.throws(() => decryptWeightsCommit(junk, SIG_1000), reasonIs('payload'));
  });

  it('parses the real commit from finney block 9,101,269', () => {
    const fixtures = JSON.parse(
      readFileSync(new URL('../../../../../shared/vectors/finney-extrinsics.json', import.meta.url), 'utf8'),
    ) as { fixtures: { payload: { method: string } }[] };
    const method = hex(fixtures.fixtures[1]?.payload.method as string);
    // 07 76 | netuid 7 (u16) | mecid 0 | compact(303) = bd04 | commit | reveal_round u64 | version u16
    assert.equal(toHex(method.subarray(0, 7)), '0776070000bd04');
    const commit = method.subarray(7, 7 + 303);
    const tail = method.subarray(7 + 303);
    assert.equal(new DataView(tail.buffer, tail.byteOffset).getBigUint64(0, true), 32_340_463n);
    assert.equal(toHex(tail.subarray(8)), '0400');
    const ct = parseCiphertext(commit);
    assert.ok(bls12_381.G2.ProjectivePoint.fromHex(ct.u), 'U is a point of G2');
    assert.equal(ct.v.length, 32);
    assert.equal(ct.w.length, 32);
    assert.equal(ct.aesCiphertext.length, 75); // 59-byte payload (4 uids) + 16-byte tag
    assert.equal(toHex(ct.nonce), 'f6e30fc8e613b20200bf45fe');
    assert.equal(ct.cipherSuite, 'AES_GCM_');
    // Framing and U pass; only round 32,340,463's signature (from the network) opens it.
    assert.throws(() => timelockDecrypt(commit, SIG_1000), reasonIs('u-check'));
  });

  describe('against the chain decryptor compiled to wasm', () => {
    it('wasm decrypts what we encrypt (local key and quicknet round 1000)', async () => {
      const wasm = await loadWasm();
      const beacon = localBeacon();
      const payload = encodeTimelockPayload(PAYLOAD);
      const ours = timelockEncrypt(payload, 4242, { publicKey: beacon.publicKey });
      assert.deepEqual(Uint8Array.from(wasm.tld(ours, beacon.sign(4242), 'bls12_381')), payload);
      const toQuicknet = timelockEncrypt(payload, 1000);
      const opened = Uint8Array.from(wasm.tld(toQuicknet, SIG_1000, 'bls12_381'));
      assert.deepEqual(decodeTimelockPayload(opened).values, PAYLOAD.values);
      assert.throws(() => wasm.tld(toQuicknet, SIG_2000, 'bls12_381'));
    });

    it('we decrypt what wasm encrypts (local key and quicknet round 2000)', async () => {
      const wasm = await loadWasm();
      const beacon = localBeacon();
      const payload = encodeTimelockPayload(PAYLOAD);
      const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
      const theirs = Uint8Array.from(wasm.tle(roundIdentity(99), payload, key, beacon.publicKey, 'bls12_381'));
      assert.equal(theirs.length, TIMELOCK_OVERHEAD + payload.length);
      assert.deepEqual(timelockDecrypt(theirs, beacon.sign(99)), payload);
      const toQuicknet = Uint8Array.from(wasm.tle(roundIdentity(2000), payload, key, QUICKNET.publicKey, 'bls12_381'));
      assert.deepEqual(decryptWeightsCommit(toQuicknet, SIG_2000).uids, PAYLOAD.uids);
      assert.throws(() => timelockDecrypt(toQuicknet, SIG_1000), reasonIs('u-check'));
    });
  });
});
