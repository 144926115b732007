/**
 * btwallet writes `privateKey` as sp-core's canonical schnorrkel `SecretKey::to_bytes()`; polkadot-js uses the
 * ed25519-style form. The sp-core bytes are computed here from first principles (schnorrkel's
 * `MiniSecretKey::expand_ed25519`: SHA-512 of the mini secret, clamp, divide by the cofactor 8; nonce = upper half).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { u8aToHex } from '@polkadot/util';
import { mnemonicToMiniSecret, sr25519PairFromSeed } from '@polkadot/util-crypto';
import {
  Keypair,
  keypairFromKeyfileData,
  polkadotToSpCoreSecret,
  spCoreToPolkadotSecret,
  verifySignature,
} from './index.js';
import { errorCode } from './testing/helpers.js';

const MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow';

function le(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).reverse().toString('hex') || '0'}`);
}

function le32(n: bigint): Buffer {
  return Buffer.from(n.toString(16).padStart(64, '0'), 'hex').reverse();
}

/** schnorrkel expand_ed25519 + to_bytes, i.e. what sp-core's `to_raw_vec()` returns for a seed-derived pair. */
function spCoreSecretFromMiniSecret(miniSecret: Uint8Array): Buffer {
  const h = createHash('sha512').update(miniSecret).digest();
  const key = Buffer.from(h.subarray(0, 32));
  key[0] = (key[0] ?? 0) & 248;
  key[31] = ((key[31] ?? 0) & 63) | 64;
  return Buffer.concat([le32(le(key) >> 3n), h.subarray(32, 64)]);
}

function keyfile(json: object): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(json));
}

// Vector from btwallet's own tests (tests/test_keyfile.py): `Keypair.create_from_private_key(...)` has this public
// key, the key of the mnemonic below. It is sp-core form: the scalar's top byte 0x0a is < 0x10.
const BTWALLET_MNEMONIC = 'old leopard transfer rib spatial phone calm indicate online fire caution review';
const BTWALLET_PRIVATE_KEY =
  '0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e';
const BTWALLET_PUBLIC_KEY = '0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446';

describe('privateKey: sp-core canonical form vs polkadot-js form', () => {
  it('matches btwallet: its privateKey vector is the sp-core form of its mnemonic, and writing reproduces it', async () => {
    const fromPrivate = await Keypair.fromSecretKey(BTWALLET_PRIVATE_KEY, 'sp-core');
    assert.equal(u8aToHex(fromPrivate.publicKey), BTWALLET_PUBLIC_KEY);
    assert.equal(fromPrivate.address, '5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX');
    const seed = mnemonicToMiniSecret(BTWALLET_MNEMONIC);
    assert.equal(`0x${spCoreSecretFromMiniSecret(seed).toString('hex')}`, BTWALLET_PRIVATE_KEY);
    const { keypairToKeyfileJson } = await import('./index.js');
    assert.equal(keypairToKeyfileJson(await Keypair.fromMnemonic(BTWALLET_MNEMONIC)).privateKey, BTWALLET_PRIVATE_KEY);
    const read = await keypairFromKeyfileData(keyfile({ privateKey: BTWALLET_PRIVATE_KEY }), 'coldkey');
    assert.equal(u8aToHex(read.publicKey), BTWALLET_PUBLIC_KEY);
    assert.equal(fromPrivate.verify('btwallet', read.sign('btwallet')), true);
  });

  it('reads a btwallet-style keyfile (privateKey only, sp-core form) back to the same key, and signs', async () => {
    const seed = mnemonicToMiniSecret(MNEMONIC);
    const expected = await Keypair.fromSeed(seed);
    const spCore = spCoreSecretFromMiniSecret(seed);
    const pub = u8aToHex(expected.publicKey);
    const file = keyfile({
      accountId: pub,
      publicKey: pub,
      privateKey: `0x${spCore.toString('hex')}`,
      ss58Address: expected.address,
    });
    const loaded = await keypairFromKeyfileData(file, 'coldkey');
    assert.equal(loaded.address, expected.address);
    const sig = loaded.sign('round trip');
    assert.equal(verifySignature('round trip', sig, expected.address), true);

    // Without any stored address the form is still recognised (a seed-derived polkadot-js scalar is never canonical).
    const bare = await keypairFromKeyfileData(keyfile({ privateKey: `0x${spCore.toString('hex')}` }), 'coldkey');
    assert.equal(bare.address, expected.address);
  });

  it('writes privateKey in sp-core form and reads its own files back', async () => {
    const seed = mnemonicToMiniSecret(MNEMONIC);
    const kp = await Keypair.fromSeed(seed);
    const { keypairToKeyfileJson } = await import('./index.js');
    const json = keypairToKeyfileJson(kp);
    assert.equal(json.privateKey, `0x${spCoreSecretFromMiniSecret(seed).toString('hex')}`);
    const { secretSeed: _s, ...onlyPrivate } = json;
    const again = await keypairFromKeyfileData(keyfile(onlyPrivate), 'hotkey');
    assert.equal(again.address, kp.address);
    assert.equal(kp.verify('x', again.sign('x')), true);
  });

  it('also reads the polkadot-js form (older writers), picking the form that matches the stored address', async () => {
    const seed = mnemonicToMiniSecret(MNEMONIC);
    const pjs = sr25519PairFromSeed(seed).secretKey;
    const kp = await Keypair.fromSeed(seed);
    const withAddress = await keypairFromKeyfileData(
      keyfile({ privateKey: u8aToHex(pjs), ss58Address: kp.address }),
      'k',
    );
    assert.equal(withAddress.address, kp.address);
    const bare = await keypairFromKeyfileData(keyfile({ privateKey: u8aToHex(pjs) }), 'k');
    assert.equal(bare.address, kp.address);
  });

  it('converts both ways without loss, and rejects a key that matches neither form', async () => {
    const seed = mnemonicToMiniSecret(MNEMONIC);
    const pjs = sr25519PairFromSeed(seed).secretKey;
    const sp = polkadotToSpCoreSecret(pjs);
    assert.equal(u8aToHex(sp), `0x${spCoreSecretFromMiniSecret(seed).toString('hex')}`);
    assert.equal(u8aToHex(spCoreToPolkadotSecret(sp)), u8aToHex(pjs));
    const bob = await Keypair.fromUri('//Bob');
    await assert.rejects(
      keypairFromKeyfileData(keyfile({ privateKey: u8aToHex(pjs), ss58Address: bob.address }), 'coldkey'),
      (e) => errorCode(e) === 'WALLET_KEYFILE_MISMATCH',
    );
  });
});
