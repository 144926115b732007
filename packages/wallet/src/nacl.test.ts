/**
 * `$NACL` with the REAL btwallet parameters (Argon2i v1.3, 8 passes, 512 MiB, parallelism 1, fixed salt), checked
 * against an independent reader/writer written here from the spec: hash-wasm argon2i + tweetnacl secretbox. These
 * are the only full-cost derivations in the suite (three of them, ~6 s each here).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { argon2i } from 'hash-wasm';
import nacl from 'tweetnacl';
import { Keyfile, type KeyfileProgressEvent, Keypair } from './index.js';
import { withTempDir } from './testing/helpers.js';

// spec/wallet-keyfile.md §3: b"\x13q\x83\xdf\xf1Z\t\xbc\x9c\x90\xb5Q\x879\xe9\xb1", written out from the Python literal.
const SPEC_SALT = Buffer.from('\x13q\x83\xdf\xf1Z\t\xbc\x9c\x90\xb5Q\x879\xe9\xb1', 'latin1');
const PASSWORD = 'correct horse battery staple ✓';

async function specKey(password: string): Promise<Uint8Array> {
  return argon2i({
    password,
    salt: SPEC_SALT,
    iterations: 8, // OPSLIMIT_SENSITIVE
    memorySize: 536870912 / 1024, // MEMLIMIT_SENSITIVE, in KiB
    parallelism: 1,
    hashLength: 32,
    outputType: 'binary',
  });
}

describe('$NACL with the real parameters, against an independent implementation', { timeout: 600_000 }, () => {
  it('subnetkit writes, spec reader opens; spec writer writes, subnetkit opens', async () => {
    await withTempDir(async (dir) => {
      const kp = await Keypair.fromUri('//Alice');
      const progress: KeyfileProgressEvent['stage'][] = [];
      const file = new Keyfile(join(dir, 'coldkey'));
      await file.setKeypair(kp, { encrypt: true, password: PASSWORD, onProgress: (e) => progress.push(e.stage) });
      assert.deepEqual(progress, ['start', 'derived', 'done']);
      assert.equal((await stat(file.path)).mode & 0o777, 0o600);

      const onDisk = new Uint8Array(await readFile(file.path));
      assert.equal(Buffer.from(onDisk.subarray(0, 5)).toString(), '$NACL');
      const key = await specKey(PASSWORD);
      const opened = nacl.secretbox.open(onDisk.subarray(29), onDisk.subarray(5, 29), key);
      assert.ok(opened, 'independent reader could not open the file');
      const json = JSON.parse(Buffer.from(opened).toString('utf8'));
      assert.equal(json.ss58Address, kp.address);
      assert.deepEqual(Object.keys(json).sort(), ['accountId', 'privateKey', 'publicKey', 'ss58Address']);
      // MAC ‖ ciphertext: the box is exactly 16 bytes longer than the JSON.
      assert.equal(onDisk.length, 5 + 24 + 16 + opened.length);

      // The other direction: a file sealed by the spec writer (same key, fresh nonce) opens in subnetkit.
      const { mnemonic } = await Keypair.generate(12);
      const plain = Buffer.from(JSON.stringify({ secretPhrase: mnemonic }));
      const nonce = new Uint8Array(randomBytes(24));
      const sealed = Buffer.concat([Buffer.from('$NACL'), nonce, nacl.secretbox(plain, nonce, key)]);
      const foreign = join(dir, 'foreign');
      const { writeFile } = await import('node:fs/promises');
      await writeFile(foreign, sealed, { mode: 0o600 });
      let ticks = 0;
      const timer = setInterval(() => ticks++, 20);
      const started = Date.now();
      const loaded = await new Keyfile(foreign).getKeypair({ password: PASSWORD });
      clearInterval(timer);
      assert.equal(loaded.address, (await Keypair.fromMnemonic(mnemonic)).address);
      assert.equal(loaded.canSign, true);
      // The main thread kept running while Argon2i worked: timers fired throughout the derivation.
      const elapsed = Date.now() - started;
      assert.ok(ticks >= Math.floor(elapsed / 20 / 4), `event loop blocked: ${ticks} ticks in ${elapsed} ms`);
    });
  });
});
