import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { u8aToHex } from '@polkadot/util';
import { mnemonicToMiniSecret } from '@polkadot/util-crypto';
import { Keypair, keypairFromKeyfileData, keypairToKeyfileJson, keypairToPubJson } from './index.js';
import { errorCode } from './testing/helpers.js';

const MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const bytes = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

describe('keyfile JSON', () => {
  it('writes exactly the btwallet fields, and pub files only the public ones', async () => {
    const kp = await Keypair.fromMnemonic(MNEMONIC);
    const json = keypairToKeyfileJson(kp);
    const pubOnly = await Keypair.fromSs58(ALICE);
    assert.deepEqual(Object.keys(json).sort(), [
      'accountId',
      'privateKey',
      'publicKey',
      'secretPhrase',
      'secretSeed',
      'ss58Address',
    ]);
    assert.equal(json.accountId, u8aToHex(kp.publicKey));
    assert.equal(json.publicKey, json.accountId);
    assert.equal(json.secretPhrase, MNEMONIC);
    assert.equal(json.secretSeed, u8aToHex(mnemonicToMiniSecret(MNEMONIC)));
    assert.match(json.privateKey ?? '', /^0x[0-9a-f]{128}$/);
    assert.deepEqual(keypairToPubJson(kp), {
      accountId: json.accountId,
      publicKey: json.publicKey,
      ss58Address: kp.address,
    });
    // Derived dev keys have no phrase or seed of their own: only privateKey is written.
    assert.deepEqual(Object.keys(keypairToKeyfileJson(await Keypair.fromUri('//Alice'))).sort(), [
      'accountId',
      'privateKey',
      'publicKey',
      'ss58Address',
    ]);
    assert.throws(
      () => keypairToKeyfileJson(pubOnly),
      (e) => errorCode(e) === 'WALLET_PUBLIC_ONLY',
    );
  });

  it('reads with precedence secretPhrase → secretSeed → privateKey → address', async () => {
    const a = await Keypair.fromMnemonic(MNEMONIC);
    const { keypair: b, mnemonic: bPhrase } = await Keypair.generate();
    const bSeed = u8aToHex(mnemonicToMiniSecret(bPhrase));
    const alice = keypairToKeyfileJson(await Keypair.fromUri('//Alice'));
    // Conflicting secrets and no address: the higher-precedence secret wins.
    assert.equal(
      (await keypairFromKeyfileData(bytes({ secretPhrase: MNEMONIC, secretSeed: bSeed }), 'f')).address,
      a.address,
    );
    assert.equal(
      (await keypairFromKeyfileData(bytes({ secretSeed: bSeed, privateKey: alice.privateKey }), 'f')).address,
      b.address,
    );
    assert.equal((await keypairFromKeyfileData(bytes({ privateKey: alice.privateKey }), 'f')).address, ALICE);
    const pub = await keypairFromKeyfileData(bytes({ ss58Address: ALICE }), 'f');
    assert.equal(pub.address, ALICE);
    assert.equal(pub.canSign, false);
    // null values (some writers emit them) count as absent.
    assert.equal(
      (await keypairFromKeyfileData(bytes({ secretPhrase: null, secretSeed: bSeed }), 'f')).address,
      b.address,
    );
  });

  it('accepts the legacy " ss58Address" key, bare hex seeds and bare mnemonics', async () => {
    const legacy = await keypairFromKeyfileData(bytes({ ' ss58Address': ALICE }), 'coldkeypub.txt');
    assert.equal(legacy.address, ALICE);
    const kp = await Keypair.fromMnemonic(MNEMONIC);
    const seed = u8aToHex(mnemonicToMiniSecret(MNEMONIC));
    assert.equal((await keypairFromKeyfileData(bytes(seed), 'f')).address, kp.address);
    assert.equal((await keypairFromKeyfileData(bytes(`${seed.slice(2)}\n`), 'f')).address, kp.address);
    assert.equal((await keypairFromKeyfileData(bytes(`${MNEMONIC}\n`), 'f')).address, kp.address);
  });

  it('cross-checks the stored address and names mismatches', async () => {
    const wrong = { secretPhrase: MNEMONIC, ss58Address: ALICE };
    await assert.rejects(keypairFromKeyfileData(bytes(wrong), 'hotkeys/x'), (e) => {
      return (
        errorCode(e) === 'WALLET_KEYFILE_MISMATCH' && String(e).includes('hotkeys/x') && !String(e).includes('legal')
      );
    });
    await assert.rejects(keypairFromKeyfileData(bytes({ ...wrong, cryptoType: 0 }), 'f'), (e) => {
      return errorCode(e) === 'WALLET_KEYFILE_UNSUPPORTED';
    });
    const kp = await Keypair.fromMnemonic(MNEMONIC);
    assert.equal(
      (await keypairFromKeyfileData(bytes({ secretPhrase: MNEMONIC, ss58Address: kp.address, cryptoType: '1' }), 'f'))
        .address,
      kp.address,
    );
  });

  it('rejects polkadot.js JSON exports with a pointer to the right tool', async () => {
    const exported = {
      encoded: 'abc',
      encoding: { content: ['pkcs8', 'sr25519'], type: ['scrypt'], version: '3' },
      address: ALICE,
    };
    await assert.rejects(keypairFromKeyfileData(bytes(exported), 'coldkey'), (e) => {
      return (
        errorCode(e) === 'WALLET_KEYFILE_UNSUPPORTED' &&
        /polkadot\.js/.test(String(e)) &&
        /regen-coldkey/.test(String(e))
      );
    });
  });

  it('gives WALLET_KEYFILE_CORRUPT for damaged content, without echoing secrets', async () => {
    const cases: Uint8Array[] = [
      bytes(''),
      bytes('{"secretPhrase": "legal winner'),
      bytes('[1,2]'),
      bytes({ secretPhrase: 'legal winner thank year wave sausage worth useful legal winner thank thank' }),
      bytes({ secretSeed: '0x1234' }),
      bytes({ privateKey: 42 }),
      bytes({ ss58Address: '5notvalid' }),
      bytes({ nothing: true }),
      Uint8Array.from([0xff, 0xfe, 0x00, 0x01]),
      bytes('not a key at all'),
    ];
    for (const data of cases) {
      await assert.rejects(keypairFromKeyfileData(data, 'coldkey'), (e) => {
        assert.equal(errorCode(e), 'WALLET_KEYFILE_CORRUPT', `${Buffer.from(data).toString()}: ${String(e)}`);
        assert.ok(!String(e).includes('sausage'), 'secret echoed in error');
        return true;
      });
    }
  });
});
