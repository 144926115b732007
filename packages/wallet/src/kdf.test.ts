import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argon2i } from 'hash-wasm';
import { deriveKey } from './kdf.js';
import { CHEAP_NACL_KDF, errorCode } from './testing/helpers.js';

describe('deriveKey (worker thread)', () => {
  it('gives the same Argon2i output as hash-wasm on the main thread', async () => {
    const salt = new Uint8Array(16).fill(7);
    const params = { ...CHEAP_NACL_KDF, iterations: 2, memoryKiB: 256 };
    const expected = await argon2i({
      password: 'pw ✓',
      salt,
      iterations: 2,
      memorySize: 256,
      parallelism: 1,
      hashLength: 32,
      outputType: 'binary',
    });
    assert.deepEqual(await deriveKey(params, 'pw ✓', salt), expected);
  });

  it('runs derivations one at a time and honours an abort, queued or running', async () => {
    const salt = new Uint8Array(16);
    const slow = { ...CHEAP_NACL_KDF, iterations: 3, memoryKiB: 32 * 1024 };
    const running = new AbortController();
    const queued = new AbortController();
    const first = deriveKey(slow, 'a', salt, running.signal);
    const second = deriveKey(slow, 'b', salt, queued.signal);
    const third = deriveKey(CHEAP_NACL_KDF, 'c', salt);
    queued.abort();
    running.abort();
    await assert.rejects(first, (e) => errorCode(e) === 'WALLET_IO' && /aborted/.test(String(e)));
    await assert.rejects(second, (e) => errorCode(e) === 'WALLET_IO' && /aborted/.test(String(e)));
    assert.equal((await third).length, 32);
    const pre = AbortSignal.abort();
    await assert.rejects(deriveKey(CHEAP_NACL_KDF, 'd', salt, pre), (e) => errorCode(e) === 'WALLET_IO');
  });
});
