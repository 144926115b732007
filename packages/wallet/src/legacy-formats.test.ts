/**
 * Decrypt-only formats, with vectors made here from the published formats using node:crypto directly:
 * Ansible vault 1.1 (docs.ansible.com "Vault payload format") and Fernet (github.com/fernet/spec) keyed by
 * PBKDF2-HMAC-SHA256(password, bittensor's legacy salt, 10,000,000).
 */
import assert from 'node:assert/strict';
import { createCipheriv, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { openFernet } from './fernet.js';
import {
  decryptKeyfileData,
  Keypair,
  keyfileEncryption,
  keypairFromKeyfileData,
  keypairToKeyfileJson,
} from './index.js';
import { CHEAP, CHEAP_LEGACY_KDF, errorCode } from './testing/helpers.js';

function pkcs7(data: Buffer): Buffer {
  const pad = 16 - (data.length % 16);
  return Buffer.concat([data, Buffer.alloc(pad, pad)]);
}

function ansibleVaultEncrypt(plain: Buffer, password: string): Buffer {
  const salt = randomBytes(32);
  const derived = pbkdf2Sync(password, salt, 10000, 80, 'sha256');
  const cipher = createCipheriv('aes-256-ctr', derived.subarray(0, 32), derived.subarray(64, 80));
  const ciphertext = Buffer.concat([cipher.update(pkcs7(plain)), cipher.final()]);
  const hmac = createHmac('sha256', derived.subarray(32, 64)).update(ciphertext).digest();
  const inner = `${salt.toString('hex')}\n${hmac.toString('hex')}\n${ciphertext.toString('hex')}`;
  const outer = Buffer.from(inner).toString('hex');
  const lines = outer.match(/.{1,80}/g) ?? [];
  return Buffer.from(`$ANSIBLE_VAULT;1.1;AES256\n${lines.join('\n')}\n`);
}

function fernetEncrypt(plain: Buffer, password: string, iterations: number): Buffer {
  const salt = Buffer.from('Iguesscyborgslikemyselfhaveatendencytobeparanoidaboutourorigins');
  // The Fernet key is urlsafe_b64encode(derived); Fernet decodes it back to these 32 bytes.
  const fernetKey = Buffer.from(
    pbkdf2Sync(password, salt, iterations, 32, 'sha256').toString('base64url'),
    'base64url',
  );
  const iv = randomBytes(16);
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000)));
  const cipher = createCipheriv('aes-128-cbc', fernetKey.subarray(16, 32), iv);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  const signed = Buffer.concat([Buffer.from([0x80]), time, iv, ciphertext]);
  const mac = createHmac('sha256', fernetKey.subarray(0, 16)).update(signed).digest();
  return Buffer.from(Buffer.concat([signed, mac]).toString('base64url'));
}

describe('$ANSIBLE_VAULT keyfiles (decrypt only)', () => {
  it('decrypt to the keyfile JSON and the right key', async () => {
    const kp = await Keypair.fromUri('//Alice');
    const plain = Buffer.from(JSON.stringify(keypairToKeyfileJson(kp)));
    const vault = ansibleVaultEncrypt(plain, 'ansible-pw');
    assert.equal(keyfileEncryption(vault), 'ansible-vault');
    const out = await decryptKeyfileData(vault, 'ansible-pw', 'coldkey');
    assert.equal(Buffer.from(out).toString(), plain.toString());
    assert.equal((await keypairFromKeyfileData(out, 'coldkey')).address, kp.address);
  });

  it("decrypt an independent implementation's published vector (an ansible-vault C++ library's test)", async () => {
    const vaulttext = [
      '$ANSIBLE_VAULT;1.1;AES256',
      '36353634333333343339333633323335333236313634333633303331363336363335333733313631',
      '3633333333383635363136323335333533353334333436360a333266623333313331613638363063',
      '30366162363836633266623664323038303831636235313339306564383862376639656330313538',
      '6532616335656265390a316331663036366636343261366563353430366637303734356162306432',
      '38306536623464383462326539333838333930326337326338666666306164663636623335643839',
      '3237306533653535633032323038313661623166386632333735',
    ].join('\n');
    const out = await decryptKeyfileData(Buffer.from(vaulttext), 'mytestpassword', 'vector');
    assert.equal(Buffer.from(out).toString(), 'My encrypted text.\nAnd another line.\n');
  });

  it('give WALLET_WRONG_PASSWORD for a wrong password and WALLET_KEYFILE_CORRUPT for damaged hex', async () => {
    const vault = ansibleVaultEncrypt(Buffer.from('{"ss58Address":"x"}'), 'right');
    await assert.rejects(
      decryptKeyfileData(vault, 'wrong', 'coldkey'),
      (e) => errorCode(e) === 'WALLET_WRONG_PASSWORD',
    );
    const damaged = Buffer.from(vault.toString().replace(/\n[0-9a-f]{4}/, '\nzzzz'));
    await assert.rejects(
      decryptKeyfileData(damaged, 'right', 'coldkey'),
      (e) => errorCode(e) === 'WALLET_KEYFILE_CORRUPT',
    );
    const truncated = vault.subarray(0, 40);
    await assert.rejects(
      decryptKeyfileData(truncated, 'right', 'coldkey'),
      (e) => errorCode(e) === 'WALLET_KEYFILE_CORRUPT',
    );
  });
});

describe('legacy Fernet keyfiles (decrypt only)', { timeout: 600_000 }, () => {
  it('decrypt with the real 10,000,000-iteration key', async () => {
    const kp = await Keypair.fromUri('//Bob');
    const plain = Buffer.from(JSON.stringify(keypairToKeyfileJson(kp)));
    const token = fernetEncrypt(plain, 'legacy-pw', 10_000_000);
    assert.equal(keyfileEncryption(token), 'legacy-fernet');
    const stages: string[] = [];
    const out = await decryptKeyfileData(token, 'legacy-pw', 'coldkey', { onProgress: (e) => stages.push(e.stage) });
    assert.deepEqual(stages, ['start', 'derived', 'done']);
    assert.equal((await keypairFromKeyfileData(out, 'coldkey')).address, kp.address);
  });

  it("open the Fernet spec's own token (github.com/fernet/spec generate.json)", () => {
    const key = Buffer.from('cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=', 'base64url');
    const token =
      'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==';
    assert.equal(Buffer.from(openFernet(Buffer.from(token), key, 'vector')).toString(), 'hello');
    const otherKey = Buffer.from(key).fill(1, 0, 1);
    assert.throws(
      () => openFernet(Buffer.from(token), otherKey, 'vector'),
      (e) => errorCode(e) === 'WALLET_WRONG_PASSWORD',
    );
  });

  it('give WALLET_WRONG_PASSWORD and WALLET_KEYFILE_CORRUPT (cheap KDF)', async () => {
    const token = fernetEncrypt(Buffer.from('{"ss58Address":"x"}'), 'right', CHEAP_LEGACY_KDF.iterations);
    const out = await decryptKeyfileData(token, 'right', 'coldkey', CHEAP);
    assert.equal(Buffer.from(out).toString(), '{"ss58Address":"x"}');
    await assert.rejects(
      decryptKeyfileData(token, 'wrong', 'coldkey', CHEAP),
      (e) => errorCode(e) === 'WALLET_WRONG_PASSWORD',
    );
    await assert.rejects(
      decryptKeyfileData(token.subarray(0, 60), 'right', 'coldkey', CHEAP),
      (e) => errorCode(e) === 'WALLET_KEYFILE_CORRUPT',
    );
    await assert.rejects(
      decryptKeyfileData(Buffer.from('gAAAAA!!not base64!!'), 'right', 'coldkey', CHEAP),
      (e) => errorCode(e) === 'WALLET_KEYFILE_CORRUPT',
    );
  });
});
