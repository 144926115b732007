import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  decodeEnvPassword,
  encodeEnvPassword,
  envPasswordName,
  Keyfile,
  Keypair,
  passwordFromEnv,
  shellEnvPasswordName,
  Wallet,
} from './index.js';
import { CHEAP, errorCode, withTempDir } from './testing/helpers.js';

describe('BT_PW_* environment passwords', () => {
  it('names the variable after the keyfile path', () => {
    assert.equal(
      envPasswordName('/home/alice/.bittensor/wallets/default/coldkey'),
      'BT_PW__HOME_ALICE__BITTENSOR_WALLETS_DEFAULT_COLDKEY',
    );
    assert.equal(envPasswordName('/tmp/w/my-wallet/hotkeys/h1.bak'), 'BT_PW__TMP_W_MY-WALLET_HOTKEYS_H1_BAK');
  });

  it('encodes as base64(password XOR cycled name bytes) and decodes back', () => {
    const name = 'BT_PW__TMP_W_DEFAULT_COLDKEY';
    const password = 'a password longer than the variable name, with ünïcode';
    const encoded = encodeEnvPassword(name, password);
    // The same transformation computed by hand.
    const pw = Buffer.from(password, 'utf8');
    const key = Buffer.from(name, 'utf8');
    const expected = Buffer.from(pw.map((b, i) => b ^ (key[i % key.length] ?? 0))).toString('base64');
    assert.equal(encoded, expected);
    assert.equal(decodeEnvPassword(name, encoded), password);
    assert.equal(passwordFromEnv('/tmp/w/default/coldkey', { [name]: encoded }), password);
    assert.equal(passwordFromEnv('/tmp/w/default/coldkey', {}), undefined);
    assert.throws(
      () => decodeEnvPassword(name, 'not base64!'),
      (e) => errorCode(e) === 'WALLET_INVALID_INPUT',
    );
  });

  it('unlocks an encrypted keyfile with no password argument', async () => {
    await withTempDir(async (dir) => {
      const file = new Keyfile(join(dir, 'w', 'coldkey'));
      const kp = await Keypair.fromUri('//Alice');
      await file.setKeypair(kp, { encrypt: true, password: 'from-env-pw', ...CHEAP });
      await assert.rejects(file.getKeypair({ env: {}, ...CHEAP }), (e) => {
        return errorCode(e) === 'WALLET_PASSWORD_REQUIRED' && String(e).includes(file.envVarName);
      });
      const env = { [file.envVarName]: encodeEnvPassword(file.envVarName, 'from-env-pw') };
      assert.equal((await file.getKeypair({ env, ...CHEAP })).address, kp.address);
      // Through a Wallet, which reads the same variables from its env.
      const wallet = new Wallet({ path: dir, name: 'w', env });
      assert.equal((await wallet.getColdkey(CHEAP)).address, kp.address);
      // A wrong password in the environment is a wrong password, not a crash.
      const bad = { [file.envVarName]: encodeEnvPassword(file.envVarName, 'nope') };
      await assert.rejects(file.getKeypair({ env: bad, ...CHEAP }), (e) => errorCode(e) === 'WALLET_WRONG_PASSWORD');
    });
  });

  it("reads btwallet's name and the shell-safe one (a '-' in the path as '_'), with one value for both", async () => {
    const path = '/tmp/w/my-wallet/hotkeys/h1.bak';
    const btwallet = envPasswordName(path);
    const shell = shellEnvPasswordName(path);
    assert.equal(shell, 'BT_PW__TMP_W_MY_WALLET_HOTKEYS_H1_BAK');
    assert.match(shell, /^[A-Z_][A-Z0-9_]*$/, 'a name sh can export');
    assert.equal(shellEnvPasswordName('/tmp/w/default/coldkey'), envPasswordName('/tmp/w/default/coldkey'));
    // The value btwallet computes (XOR with its own name) works under either name.
    const value = encodeEnvPassword(btwallet, 'pw-with-dash');
    assert.equal(passwordFromEnv(path, { [btwallet]: value }), 'pw-with-dash');
    assert.equal(passwordFromEnv(path, { [shell]: value }), 'pw-with-dash');
    // btwallet's spelling wins when both are set, as btcli would read it.
    assert.equal(
      passwordFromEnv(path, { [btwallet]: value, [shell]: encodeEnvPassword(btwallet, 'other') }),
      'pw-with-dash',
    );
    // A bad value names the variable it came from.
    assert.throws(
      () => passwordFromEnv(path, { [shell]: 'not base64!' }),
      (e) => errorCode(e) === 'WALLET_INVALID_INPUT' && String(e).includes(shell) && !String(e).includes('not base64!'),
    );

    // Through a real keyfile under a wallet whose name has a '-', set the way a shell would.
    await withTempDir(async (dir) => {
      const file = new Keyfile(join(dir, 'my-wallet', 'coldkey'));
      assert.notEqual(file.shellEnvVarName, file.envVarName);
      const kp = await Keypair.fromUri('//Alice');
      await file.setKeypair(kp, { encrypt: true, password: 'dash-pw', ...CHEAP });
      const env = { [file.shellEnvVarName]: encodeEnvPassword(file.envVarName, 'dash-pw') };
      assert.equal((await file.getKeypair({ env, ...CHEAP })).address, kp.address);
      await assert.rejects(
        file.getKeypair({ env: {}, ...CHEAP }),
        (e) =>
          errorCode(e) === 'WALLET_PASSWORD_REQUIRED' &&
          String((e as Error & { metaMessages?: string[] }).metaMessages).includes(file.shellEnvVarName),
      );
    });
  });
});
