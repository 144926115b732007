import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { encodeWeightCommit, randomSalt, weightCommitHash } from './hash.js';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE_PK = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';

describe('weightCommitHash', () => {
  // Expected digests computed independently with Python's hashlib.blake2b(digest_size=32) over struct-packed SCALE.
  it('matches an independently computed blake2_256 of the SCALE tuple', () => {
    const input = {
      hotkey: ALICE,
      netuid: 2,
      uids: [2, 3, 4],
      values: [10922, 32768, 65535],
      salt: [1, 2, 3, 4, 5, 6, 7, 8],
      versionKey: 80000n,
    };
    assert.equal(weightCommitHash(input), '0xf81ef0ef9bc808fcb75b7ca6c9f3a60d4655d0539dd29cf8003862c2b2e1b65e');
    const small = { hotkey: ALICE, netuid: 1, uids: [1, 2], values: [10, 20], salt: [1, 2], versionKey: 0 };
    assert.equal(weightCommitHash(small), '0x17117a1c8fe900f5bb081f5377a089822fc654676e06c08f1018dbe9e2bf2eeb');
  });

  it('encodes exactly as @polkadot/types encodes (AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', () => {
    const registry = new TypeRegistry();
    const uids = Array.from({ length: 70 }, (_, i) => i); // > 63 entries: a 2-byte compact length prefix
    const values = uids.map((i) => (i * 937) % 65536);
    const salt = randomSalt();
    const versionKey = 2n ** 63n + 5n;
    const ours = encodeWeightCommit({ hotkey: ALICE, netuid: 300, uids, values, salt, versionKey });
    const theirs = registry
      .createType('(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [ALICE, 300, uids, values, salt, versionKey])
      .toU8a();
    assert.equal(u8aToHex(ours), u8aToHex(theirs));
    assert.equal(
      weightCommitHash({ hotkey: ALICE, netuid: 300, uids, values, salt, versionKey }),
      blake2AsHex(theirs, 256),
    );
  });

  it('takes the hotkey as an address or a public key, and any change of input changes the hash', () => {
    const base = { hotkey: ALICE, netuid: 1, uids: [1], values: [65535], salt: [9], versionKey: 1 };
    const pk = Uint8Array.from(Buffer.from(ALICE_PK.slice(2), 'hex'));
    assert.equal(weightCommitHash(base), weightCommitHash({ ...base, hotkey: pk }));
    assert.notEqual(weightCommitHash(base), weightCommitHash({ ...base, salt: [10] }));
    assert.notEqual(weightCommitHash(base), weightCommitHash({ ...base, versionKey: 2 }));
  });

  it('rejects values that do not fit the SCALE types', () => {
    const base = { hotkey: ALICE, netuid: 1, uids: [1], values: [1], salt: [1], versionKey: 0 };
    assert.throws(() => weightCommitHash({ ...base, hotkey: 'not-an-address' }), /not a valid SS58 address/);
    assert.throws(() => weightCommitHash({ ...base, values: [65536] }), /values\[0\] must be an integer in 0\.\.65535/);
    assert.throws(() => weightCommitHash({ ...base, versionKey: -1n }), /fit in a u64/);
  });
});

describe('randomSalt', () => {
  it('gives u16 values of the requested length, different each time', () => {
    const a = randomSalt();
    const b = randomSalt(16);
    assert.equal(a.length, 8);
    assert.equal(b.length, 16);
    for (const v of [...a, ...b]) assert.ok(Number.isInteger(v) && v >= 0 && v <= 65535);
    assert.notDeepEqual(randomSalt(8), randomSalt(8));
  });
});
