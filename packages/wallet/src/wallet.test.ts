import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { u8aToHex } from '@polkadot/util';
import { mnemonicToMiniSecret } from '@polkadot/util-crypto';
import { SubnetkitError } from '@subnetkit/synapse';
import { KeyfileCorruptError, listWallets, Wallet, WalletError, WrongPasswordError } from './index.js';
import { CHEAP, errorCode, withTempDir } from './testing/helpers.js';

const MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const mode = async (p: string) => (await stat(p)).mode & 0o777;

describe('Wallet layout and defaults', () => {
  it('uses BT_WALLET_* from the environment, else ~/.bittensor/wallets, default, default', () => {
    const plain = new Wallet({ env: {} });
    assert.equal(plain.root, join(homedir(), '.bittensor', 'wallets'));
    assert.equal(plain.name, 'default');
    assert.equal(plain.hotkeyName, 'default');
    const fromEnv = new Wallet({ env: { BT_WALLET_PATH: '~/w', BT_WALLET_NAME: 'miner', BT_WALLET_HOTKEY: 'h1' } });
    assert.equal(fromEnv.root, join(homedir(), 'w'));
    assert.equal(fromEnv.coldkeyFile.path, join(homedir(), 'w', 'miner', 'coldkey'));
    assert.equal(fromEnv.coldkeypubFile.path, join(homedir(), 'w', 'miner', 'coldkeypub.txt'));
    assert.equal(fromEnv.hotkeyFile().path, join(homedir(), 'w', 'miner', 'hotkeys', 'h1'));
    assert.equal(fromEnv.hotkeypubFile().path, join(homedir(), 'w', 'miner', 'hotkeys', 'h1pub.txt'));
    const explicit = new Wallet({ path: '/x', name: 'n', hotkey: 'k', env: { BT_WALLET_NAME: 'ignored' } });
    assert.equal(explicit.hotkeyFile().path, '/x/n/hotkeys/k');
    assert.throws(
      () => new Wallet({ name: '../evil', env: {} }),
      (e) => errorCode(e) === 'WALLET_INVALID_INPUT',
    );
    assert.throws(
      () => new Wallet({ hotkey: 'a/b', env: {} }),
      (e) => errorCode(e) === 'WALLET_INVALID_INPUT',
    );
  });
});

describe('create, load, list', () => {
  it('creates an encrypted coldkey and a plaintext hotkey, 0600 files in 0700 dirs', async () => {
    await withTempDir(async (root) => {
      const wallet = new Wallet({ path: root, name: 'w1', hotkey: 'h1', env: {} });
      const { coldkey, hotkey } = await wallet.create({ coldkey: { password: 'pw-123456', ...CHEAP } });
      for (const f of [wallet.coldkeyFile, wallet.coldkeypubFile, wallet.hotkeyFile(), wallet.hotkeypubFile()]) {
        assert.equal(await mode(f.path), 0o600, f.path);
      }
      assert.equal(await mode(wallet.dir), 0o700);
      assert.equal(await mode(join(wallet.dir, 'hotkeys')), 0o700);
      assert.equal(await wallet.coldkeyFile.encryption(), 'nacl');
      assert.equal(await wallet.hotkeyFile().encryption(), null);
      const pub = JSON.parse(await readFile(wallet.coldkeypubFile.path, 'utf8'));
      assert.deepEqual(Object.keys(pub).sort(), ['accountId', 'publicKey', 'ss58Address']);
      assert.equal(pub.ss58Address, coldkey.keypair.address);

      assert.equal((await wallet.getColdkeypub()).address, coldkey.keypair.address);
      assert.equal((await wallet.getColdkeypub()).canSign, false);
      const loaded = await wallet.getColdkey({ password: 'pw-123456', ...CHEAP });
      assert.equal(loaded.address, coldkey.keypair.address);
      assert.equal(coldkey.keypair.verify('m', loaded.sign('m')), true);
      const hk = await wallet.getHotkey();
      assert.equal(hk.address, hotkey.keypair.address);
      assert.equal((await wallet.getHotkeypub()).address, hotkey.keypair.address);
      // The hotkey's plaintext file carries its mnemonic, as btwallet's does.
      assert.equal(JSON.parse(await readFile(wallet.hotkeyFile().path, 'utf8')).secretPhrase, hotkey.mnemonic);
      // No temp files left behind.
      assert.deepEqual((await readdir(wallet.dir)).sort(), ['coldkey', 'coldkeypub.txt', 'hotkeys']);
    });
  });

  it('asks a password callback only when needed, and a wrong password is WrongPasswordError', async () => {
    await withTempDir(async (root) => {
      const wallet = new Wallet({ path: root, env: {} });
      await wallet.createColdkey({ password: 'right-pw', ...CHEAP });
      let asked = 0;
      const prompt = () => {
        asked++;
        return 'right-pw';
      };
      await wallet.getColdkey({ password: prompt, ...CHEAP });
      assert.equal(asked, 1);
      await wallet.getColdkeypub();
      assert.equal(asked, 1);
      await assert.rejects(wallet.getColdkey({ password: 'wrong-pw', ...CHEAP }), (e) => {
        return (
          e instanceof WrongPasswordError && errorCode(e) === 'WALLET_WRONG_PASSWORD' && !String(e).includes('wrong-pw')
        );
      });
      await assert.rejects(wallet.getColdkey(CHEAP), (e) => errorCode(e) === 'WALLET_PASSWORD_REQUIRED');
    });
  });

  it('never overwrites an existing key without overwrite, and names the path', async () => {
    await withTempDir(async (root) => {
      const wallet = new Wallet({ path: root, env: {} });
      const first = await wallet.createColdkey({ usePassword: false });
      const before = await readFile(wallet.coldkeyFile.path, 'utf8');
      await assert.rejects(wallet.createColdkey({ usePassword: false }), (e) => {
        return errorCode(e) === 'WALLET_KEYFILE_EXISTS' && String(e).includes(wallet.coldkeyFile.path);
      });
      await assert.rejects(wallet.regenerateColdkey({ mnemonic: MNEMONIC, usePassword: false }), (e) => {
        return errorCode(e) === 'WALLET_KEYFILE_EXISTS';
      });
      // Nothing was touched by the refused writes.
      assert.equal(await readFile(wallet.coldkeyFile.path, 'utf8'), before);
      assert.equal((await wallet.getColdkeypub()).address, first.keypair.address);
      // A public-only wallet (just coldkeypub.txt) is protected too.
      const watch = new Wallet({ path: root, name: 'watch', env: {} });
      await watch.coldkeypubFile.setPublic(first.keypair);
      await assert.rejects(
        watch.createColdkey({ usePassword: false }),
        (e) => errorCode(e) === 'WALLET_KEYFILE_EXISTS',
      );
      // With overwrite: replaced, still 0600.
      const regen = await wallet.regenerateColdkey({ mnemonic: MNEMONIC, usePassword: false, overwrite: true });
      assert.equal((await wallet.getColdkey()).address, regen.address);
      assert.equal((await wallet.getColdkeypub()).address, regen.address);
      assert.equal(await mode(wallet.coldkeyFile.path), 0o600);
    });
  });

  it('regenerates from a mnemonic or a seed to the same keys, and adds new hotkeys', async () => {
    await withTempDir(async (root) => {
      const a = new Wallet({ path: root, name: 'a', env: {} });
      const b = new Wallet({ path: root, name: 'b', env: {} });
      const fromPhrase = await a.regenerateColdkey({ mnemonic: MNEMONIC, usePassword: false });
      const fromSeed = await b.regenerateColdkey({
        seed: u8aToHex(mnemonicToMiniSecret(MNEMONIC)),
        usePassword: false,
      });
      assert.equal(fromPhrase.address, fromSeed.address);
      assert.equal((await b.getColdkey()).address, fromPhrase.address);
      const hk = await a.regenerateHotkey({ hotkey: 'h2', uri: '//Alice' });
      assert.equal(hk.address, '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
      const h3 = await a.createHotkey({ hotkey: 'h3' });
      assert.deepEqual(await a.hotkeyNames(), ['h2', 'h3']);
      assert.equal((await a.getHotkey({ hotkey: 'h3' })).address, h3.keypair.address);
      assert.equal((await a.withHotkey('h2').getHotkey()).address, hk.address);

      const listing = await listWallets(root);
      assert.deepEqual(listing, [
        {
          name: 'a',
          coldkeypub: fromPhrase.address,
          hotkeys: [
            { name: 'h2', address: hk.address },
            { name: 'h3', address: h3.keypair.address },
          ],
        },
        { name: 'b', coldkeypub: fromPhrase.address, hotkeys: [] },
      ]);
      assert.deepEqual(await listWallets(join(root, 'missing')), []);
    });
  });

  it('reads addresses of older wallets without pub files from plaintext keys, never guessing for encrypted ones', async () => {
    await withTempDir(async (root) => {
      const wallet = new Wallet({ path: root, env: {} });
      const ck = await wallet.createColdkey({ usePassword: false });
      const hk = await wallet.createHotkey();
      await rm(wallet.coldkeypubFile.path);
      await rm(wallet.hotkeypubFile().path);
      assert.equal((await wallet.getColdkeypub()).address, ck.keypair.address);
      assert.equal((await wallet.getColdkeypub()).canSign, false);
      assert.equal((await wallet.getHotkeypub()).address, hk.keypair.address);
      assert.deepEqual(await listWallets(root), [
        { name: 'default', hotkeys: [{ name: 'default', address: hk.keypair.address }] },
      ]);
      const enc = new Wallet({ path: root, name: 'enc', env: {} });
      await enc.createColdkey({ password: 'pw-123456', ...CHEAP });
      await rm(enc.coldkeypubFile.path);
      await assert.rejects(enc.getColdkeypub(), (e) => errorCode(e) === 'WALLET_PASSWORD_REQUIRED');
      await assert.rejects(new Wallet({ path: root, name: 'nope', env: {} }).getColdkeypub(), (e) => {
        return errorCode(e) === 'WALLET_KEYFILE_NOT_FOUND' && String(e).includes('coldkeypub.txt');
      });
    });
  });

  it('reports a corrupted or truncated coldkey as KeyfileCorruptError, distinct from a wrong password', async () => {
    await withTempDir(async (root) => {
      const wallet = new Wallet({ path: root, env: {} });
      await wallet.createColdkey({ password: 'pw-123456', ...CHEAP });
      const data = await readFile(wallet.coldkeyFile.path);
      await writeFile(wallet.coldkeyFile.path, data.subarray(0, 20));
      await assert.rejects(wallet.getColdkey({ password: 'pw-123456', ...CHEAP }), (e) => {
        return (
          e instanceof KeyfileCorruptError && errorCode(e) === 'WALLET_KEYFILE_CORRUPT' && /truncated/.test(String(e))
        );
      });
      await writeFile(wallet.coldkeyFile.path, '{"secretPhrase": "legal winner thank');
      await assert.rejects(wallet.getColdkey(), (e) => errorCode(e) === 'WALLET_KEYFILE_CORRUPT');
      await assert.rejects(
        new Wallet({ path: root, name: 'none', env: {} }).getColdkey(),
        (e) => errorCode(e) === 'WALLET_KEYFILE_NOT_FOUND',
      );
    });
  });
});

describe('errors a user can act on', () => {
  it('a missing hotkey is WALLET_KEYFILE_NOT_FOUND, a SubnetkitError naming the path and how to create it', async () => {
    await withTempDir(async (root) => {
      const wallet = new Wallet({ path: root, name: 'nobody', env: {} });
      await assert.rejects(wallet.getHotkey(), (e) => {
        assert.ok(e instanceof SubnetkitError && e instanceof WalletError);
        assert.equal(e.code, 'WALLET_KEYFILE_NOT_FOUND');
        assert.ok(e.shortMessage.includes(wallet.hotkeyFile().path), e.shortMessage);
        assert.match(e.metaMessages.join('\n'), /subnetkit wallet create/);
        return true;
      });
    });
  });

  it('a wrong password says what to check; a missing one names the BT_PW_ variable', async () => {
    await withTempDir(async (root) => {
      const wallet = new Wallet({ path: root, env: {} });
      await wallet.createColdkey({ password: 'right-pw', ...CHEAP });
      await assert.rejects(wallet.getColdkey({ password: 'wrong-pw', ...CHEAP }), (e) => {
        assert.ok(e instanceof WrongPasswordError);
        assert.match(e.metaMessages.join('\n'), /password/i);
        return true;
      });
      await assert.rejects(wallet.getColdkey(CHEAP), (e) => {
        assert.ok(e instanceof WalletError && e.code === 'WALLET_PASSWORD_REQUIRED');
        assert.match(e.metaMessages.join('\n'), new RegExp(wallet.coldkeyFile.envVarName));
        return true;
      });
    });
  });
});

describe('atomic writes', () => {
  it('fail with WALLET_IO and leave nothing behind when the directory cannot be made', async () => {
    await withTempDir(async (root) => {
      const blocked = new Wallet({ path: root, name: 'blocked', env: {} });
      await mkdir(blocked.dir, { recursive: true });
      await writeFile(join(blocked.dir, 'hotkeys'), 'a file where the hotkeys directory belongs');
      await assert.rejects(
        blocked.createHotkey(),
        (e) => errorCode(e) === 'WALLET_IO' && String(e).includes('hotkeys'),
      );
      assert.deepEqual(await readdir(blocked.dir), ['hotkeys']);
    });
  });
});
