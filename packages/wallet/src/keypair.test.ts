import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { u8aToHex } from '@polkadot/util';
import { mnemonicToMiniSecret, sr25519PairFromSeed, sr25519Sign } from '@polkadot/util-crypto';
import { isValidSs58, Keypair, publicKeyToSs58, ss58ToPublicKey, verifySignature, WalletError } from './index.js';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE_PUB = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
// spec/axon-protocol.md §9 V4: a polkadot-js signature by Alice over this raw message.
const V4_MESSAGE =
  '1700000000123456789.5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY.5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty.7c9e6679-7425-40de-944b-e07fc1f90ae7.4fae6364bdbf7a0def40e782ea7656d4bc96dd42a6eaf71d62b977d74e733ecf';
const V4_SIGNATURE =
  '0x5e6bb9f08bb9c404e7ca7d8a050f54caa6205ac6428d20dc479d52c2c1e59d3b0975fb4ca0ce0c4a2f13a4fd4c3374ec5ff1caa7e17bce8beace6928cdc56f82';
const MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow';

function code(err: unknown): string | undefined {
  return err instanceof WalletError ? err.code : undefined;
}

describe('Keypair from dev URIs', () => {
  it('derives the well-known dev accounts', async () => {
    assert.equal((await Keypair.fromUri('//Alice')).address, ALICE);
    assert.equal(u8aToHex((await Keypair.fromUri('//Alice')).publicKey), ALICE_PUB);
    assert.equal((await Keypair.fromUri('//Bob')).address, BOB);
    // //Alice//stash is a different, well-known account.
    assert.equal((await Keypair.fromUri('//Alice//stash')).address, '5GNJqTPyNqANBkUVMN1LPPrxXnFouWXoe2wNSmmEoLctxiZY');
  });

  it('derives the same hard/soft paths as btwallet (vectors from its tests)', async () => {
    const phrase = 'old leopard transfer rib spatial phone calm indicate online fire caution review';
    const cases: [string, string][] = [
      [`${phrase}//Alice`, '5FEiH8iuDUw271xbqWTWuB6WrDjv5dnCeDX1CyHubAniXDNN'],
      [`${phrase}/Alice`, '5GNXbA46ma5dg19GXdiKi5JH3mnkZ8Yea3bBtZAvj7t99P9i'],
      ['//Bob/test', '5CJGwWiKXSE16WJaxBdPZhWqUYkotgenLUALv7ZvqQ4TXeqf'],
      ['/Bob//test', '5Cwc8tShrshDJUp1P1M21dKUTcYQpV9GcfSa4hUBNmMdV3Cx'],
      ['//PathNameLongerThan32BytesWhichShouldBeHashed', '5GR5pfZeNs1uQiSWVxZaQiZou3wdZiX894eqgvfNfHbEh7W2'],
    ];
    for (const [uri, address] of cases) assert.equal((await Keypair.fromUri(uri)).address, address, uri);
    assert.equal((await Keypair.fromMnemonic(phrase)).address, '5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX');
  });

  it('treats mnemonic+derivation and seed URIs like the mnemonic and seed factories', async () => {
    const fromPhrase = await Keypair.fromMnemonic(MNEMONIC);
    assert.equal((await Keypair.fromUri(MNEMONIC)).address, fromPhrase.address);
    const seedHex = u8aToHex(mnemonicToMiniSecret(MNEMONIC));
    assert.equal((await Keypair.fromSeed(seedHex)).address, fromPhrase.address);
    assert.equal((await Keypair.fromSeed(seedHex.slice(2))).address, fromPhrase.address);
    assert.equal((await Keypair.fromUri(seedHex)).address, fromPhrase.address);
    const derived = await Keypair.fromUri(`${MNEMONIC}//hot/1`);
    assert.notEqual(derived.address, fromPhrase.address);
    assert.equal((await Keypair.fromUri(`${seedHex}//hot/1`)).address, derived.address);
  });

  it('rejects bad mnemonics, seeds and URIs with their own codes', async () => {
    await assert.rejects(Keypair.fromMnemonic('legal winner thank'), (e) => code(e) === 'WALLET_INVALID_MNEMONIC');
    // Twelve real words with a wrong checksum.
    await assert.rejects(
      Keypair.fromMnemonic('legal winner thank year wave sausage worth useful legal winner thank thank'),
      (e) => code(e) === 'WALLET_INVALID_MNEMONIC',
    );
    await assert.rejects(Keypair.fromSeed('0x1234'), (e) => code(e) === 'WALLET_INVALID_SEED');
    await assert.rejects(Keypair.fromSeed(new Uint8Array(31)), (e) => code(e) === 'WALLET_INVALID_SEED');
    await assert.rejects(Keypair.fromUri(''), (e) => code(e) === 'WALLET_INVALID_INPUT');
    await assert.rejects(Keypair.fromSs58('5notanaddress'), (e) => code(e) === 'WALLET_INVALID_ADDRESS');
    // A phrase pasted where an address belongs is not echoed into the error.
    await assert.rejects(
      Keypair.fromSs58(MNEMONIC),
      (e) => code(e) === 'WALLET_INVALID_ADDRESS' && !String(e).includes('legal'),
    );
  });
});

describe('signing and verification', () => {
  it('verifies the spec V4 polkadot-js signature over the raw message', async () => {
    assert.equal(verifySignature(V4_MESSAGE, V4_SIGNATURE, ALICE), true);
    assert.equal(verifySignature(V4_MESSAGE, V4_SIGNATURE, ALICE_PUB), true);
    const alice = await Keypair.fromSs58(ALICE);
    assert.equal(alice.verify(V4_MESSAGE, V4_SIGNATURE), true);
    assert.equal(verifySignature(V4_MESSAGE, V4_SIGNATURE, BOB), false);
    assert.equal(verifySignature(`${V4_MESSAGE}x`, V4_SIGNATURE, ALICE), false);
  });

  it('signs raw UTF-8 bytes, including strings that look like hex', async () => {
    const alice = await Keypair.fromUri('//Alice');
    const sig = alice.sign('0x1234');
    assert.equal(sig.length, 64);
    assert.equal(verifySignature(new TextEncoder().encode('0x1234'), sig, ALICE), true);
    assert.equal(verifySignature(Uint8Array.of(0x12, 0x34), sig, ALICE), false);
    const hex = alice.signHex('hello');
    assert.match(hex, /^0x[0-9a-f]{128}$/);
    assert.equal(verifySignature('hello', hex.slice(2), alice.publicKey), true);
  });

  it('accepts <Bytes>-wrapped signatures (polkadot-js signRaw) but not other wrappings', async () => {
    const seed = mnemonicToMiniSecret(MNEMONIC);
    const pair = sr25519PairFromSeed(seed);
    const kp = await Keypair.fromSeed(seed);
    const wrapped = sr25519Sign(new TextEncoder().encode('<Bytes>msg</Bytes>'), pair);
    assert.equal(kp.verify('msg', wrapped), true);
    const other = sr25519Sign(new TextEncoder().encode('<Wrap>msg</Wrap>'), pair);
    assert.equal(kp.verify('msg', other), false);
  });

  it('returns false for malformed signatures instead of throwing', async () => {
    assert.equal(verifySignature('m', '0x1234', ALICE), false);
    assert.equal(verifySignature('m', 'zz'.repeat(64), ALICE), false);
    assert.equal(verifySignature('m', new Uint8Array(64), ALICE), false);
    assert.throws(
      () => verifySignature('m', new Uint8Array(64), 'nope'),
      (e) => code(e) === 'WALLET_INVALID_ADDRESS',
    );
  });

  it('public-only keypairs verify but refuse to sign with a clear error', async () => {
    const alice = await Keypair.fromUri('//Alice');
    const pub = await Keypair.fromPublicKey(alice.publicKey);
    assert.equal(pub.canSign, false);
    assert.equal(alice.canSign, true);
    assert.equal(pub.verify('hi', alice.sign('hi')), true);
    assert.throws(
      () => pub.sign('hi'),
      (e) => code(e) === 'WALLET_PUBLIC_ONLY' && /cannot sign/.test(String(e)),
    );
  });

  it('toKeyringPair gives an equivalent @polkadot/keyring pair', async () => {
    const alice = await Keypair.fromUri('//Alice');
    const pair = alice.toKeyringPair();
    assert.equal(pair.address, ALICE);
    assert.equal(pair.isLocked, false);
    assert.equal(verifySignature('x', pair.sign('x'), ALICE), true);
    assert.equal((await Keypair.fromSs58(ALICE)).toKeyringPair().isLocked, true);
  });
});

describe('generate', () => {
  it('makes a keypair whose mnemonic restores it, with the requested word count', async () => {
    for (const n of [12, 24] as const) {
      const { keypair, mnemonic } = await Keypair.generate(n);
      assert.equal(mnemonic.split(' ').length, n);
      assert.equal((await Keypair.fromMnemonic(mnemonic)).address, keypair.address);
    }
    await assert.rejects(Keypair.generate(13 as 12), (e) => code(e) === 'WALLET_INVALID_INPUT');
  });
});

describe('secrets stay out of output', () => {
  it('toString, JSON.stringify and util.inspect show no secret material', async () => {
    const { keypair, mnemonic } = await Keypair.generate(12);
    const seedHex = u8aToHex(mnemonicToMiniSecret(mnemonic)).slice(2);
    keypair.toKeyringPair(); // the cached keyring pair must not show either
    const outputs = [
      String(keypair),
      JSON.stringify(keypair),
      JSON.stringify({ nested: keypair }),
      inspect(keypair, { showHidden: true, depth: 10 }),
      inspect({ nested: [keypair] }, { showHidden: true, depth: 10 }),
      Object.keys(keypair).join(','),
    ];
    for (const out of outputs) {
      assert.ok(out.includes(keypair.address) || !out.includes('5'), `address shown: ${out}`);
      for (const word of new Set(mnemonic.split(' '))) assert.ok(!out.includes(` ${word} `), 'mnemonic leaked');
      assert.ok(!out.includes(seedHex), 'seed leaked');
      assert.ok(!out.includes(mnemonic), 'mnemonic leaked');
    }
  });
});

describe('address helpers', () => {
  it('convert between SS58 and public keys and validate checksums', () => {
    assert.equal(u8aToHex(ss58ToPublicKey(ALICE)), ALICE_PUB);
    assert.equal(publicKeyToSs58(ss58ToPublicKey(BOB)), BOB);
    assert.equal(isValidSs58(ALICE), true);
    assert.equal(isValidSs58(`${ALICE.slice(0, -1)}Z`), false);
    assert.equal(isValidSs58(ALICE_PUB), false);
    assert.equal(isValidSs58(''), false);
  });
});
