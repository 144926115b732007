import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { Keypair, verifySignature } from './keypair.js';

const settle = () => new Promise((r) => setTimeout(r, 20));

test('parallelSigner: worker signatures verify for their own message, in order; close ends the workers', async () => {
  const alice = await Keypair.fromUri('//Alice');
  const before = process.getActiveResourcesInfo().length;
  const pool = alice.parallelSigner({ threads: 2, batchSize: 8 });
  assert.equal(pool.address, alice.address);
  // The first calls may be signed here while the workers load; wait until they are up, then go through them.
  await pool.signAsync('warm-up');
  for (let i = 0; i < 250 && pool.readyWorkers < 2; i++) await settle();
  assert.equal(pool.readyWorkers, 2, 'both workers loaded');
  const messages = Array.from({ length: 100 }, (_, i) => `${i}.${alice.address}.axon.${'ab'.repeat(i % 7)}`);
  const sigs = await Promise.all(messages.map((m) => pool.signAsync(m)));
  sigs.forEach((sig, i) => {
    assert.equal(sig.length, 64);
    assert.ok(verifySignature(messages[i]!, sig, alice.address), `signature ${i} verifies`);
    assert.ok(!verifySignature(messages[(i + 1) % 100]!, sig, alice.address), `signature ${i} is for its own message`);
  });
  const bytes = new Uint8Array([1, 2, 3]);
  assert.ok(verifySignature(bytes, await pool.signAsync(bytes), alice.address));
  assert.ok(verifySignature('sync', pool.sign('sync'), alice.address));
  await pool.close();
  await pool.close();
  await assert.rejects(pool.signAsync('late'), { code: 'WALLET_IO', message: /closed/ });
  await settle();
  assert.equal(process.getActiveResourcesInfo().length, before, 'no worker or handle left after close');
});

test('`await using` closes a signing pool at the end of the scope', async () => {
  const alice = await Keypair.fromUri('//Alice');
  const before = process.getActiveResourcesInfo().length;
  let escaped: ReturnType<Keypair['parallelSigner']> | undefined;
  {
    await using pool = alice.parallelSigner({ threads: 1 });
    escaped = pool;
    await pool.warm();
    assert.equal(pool.readyWorkers, 1);
  }
  assert.equal(escaped.readyWorkers, 0);
  await assert.rejects(escaped.signAsync('late'), { code: 'WALLET_IO', message: /closed/ });
  await settle();
  assert.equal(process.getActiveResourcesInfo().length, before, 'no worker left after the scope');
});

test('warm() starts the workers before any signature is asked for; idle workers hold no handle', async () => {
  const alice = await Keypair.fromUri('//Alice');
  const pool = alice.parallelSigner({ threads: 2 });
  try {
    assert.equal(pool.readyWorkers, 0, 'lazy until asked');
    pool.warm();
    pool.warm();
    for (let i = 0; i < 250 && pool.readyWorkers < 2; i++) await settle();
    assert.equal(pool.readyWorkers, 2, 'both workers loaded without a signAsync');
    assert.ok(verifySignature('x', await pool.signAsync('x'), alice.address));
    await settle();
    assert.ok(!process.getActiveResourcesInfo().includes('MessagePort'), 'idle workers are unref-ed');
  } finally {
    await pool.close();
  }
  pool.warm();
  assert.equal(pool.readyWorkers, 0, 'warm() after close starts nothing');
});

test('a pool that is never closed does not keep the process alive', async () => {
  // A child process warms a pool, signs on it and ends its script without close(): it must exit by itself.
  const script = [
    "import { Keypair } from '@subnetkit/wallet';",
    "const pool = (await Keypair.fromUri('//Alice')).parallelSigner({ threads: 2 });",
    'pool.warm();',
    // Wait for both workers (seconds on a loaded machine), without awaiting warm(): nothing may hold the loop open.
    'for (let i = 0; i < 200 && pool.readyWorkers < 2; i++) await new Promise((r) => setTimeout(r, 100));',
    "await pool.signAsync('x');",
    "console.log('signed', pool.readyWorkers);",
  ].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  assert.equal(signal, null, 'the process exited by itself (it was killed after 30 s)');
  assert.equal(code, 0);
  assert.match(out, /signed 2/);
});

test("`await pool.warm()` as a script's first await holds the process until the workers load (no exit code 13)", async () => {
  const script = [
    "import { Keypair } from '@subnetkit/wallet';",
    "const pool = (await Keypair.fromUri('//Alice')).parallelSigner({ threads: 2 });",
    'await pool.warm();',
    "console.log('warm', pool.readyWorkers);",
  ].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  assert.equal(signal, null, 'the process exited by itself (it was killed after 30 s)');
  assert.equal(code, 0, `exit code ${code} (13: the process ended with warm() still pending)`);
  assert.match(out, /warm 2/);
});

test('parallelSigner: no secret in inspect/JSON, public-only keys refused, bad input and options rejected', async () => {
  const alice = await Keypair.fromUri('//Alice');
  const pool = alice.parallelSigner({ threads: 1 });
  const shown = `${inspect(pool, { showHidden: true, depth: 5 })} ${JSON.stringify(pool)} ${String(pool)}`;
  assert.match(shown, /SigningPool\(5GrwvaEF/);
  assert.doesNotMatch(shown, /secret/i);
  await assert.rejects(pool.signAsync(42 as unknown as string), { code: 'WALLET_INVALID_INPUT' });
  await pool.close();
  const pub = await Keypair.fromSs58(alice.address);
  assert.throws(() => pub.parallelSigner(), { code: 'WALLET_PUBLIC_ONLY' });
  assert.throws(() => alice.parallelSigner({ threads: 0 }), { code: 'WALLET_INVALID_INPUT' });
});

test('parallelSigner: beyond maxQueued, signAsync rejects instead of growing without bound', async () => {
  const alice = await Keypair.fromUri('//Alice');
  const pool = alice.parallelSigner({ threads: 1, maxQueued: 4 });
  const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => pool.signAsync(`m${i}`)));
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected'],
  );
  await pool.close();
});

test('callerBatches: the calling thread signs the first batch of a burst by default, none with 0', async () => {
  // Counts the signatures made on this thread: the pool signs here through the keypair's own sign().
  const signedHere = async (callerBatches: number | undefined) => {
    const alice = await Keypair.fromUri('//Alice');
    let here = 0;
    const sign = alice.sign.bind(alice);
    const counting = (m: string | Uint8Array) => {
      here++;
      return sign(m);
    };
    Object.defineProperty(alice, 'sign', { value: counting });
    const pool = alice.parallelSigner({
      threads: 1,
      batchSize: 4,
      ...(callerBatches === undefined ? {} : { callerBatches }),
    });
    try {
      await pool.warm();
      const messages = Array.from({ length: 10 }, (_, i) => `burst ${i}`);
      const sigs = await Promise.all(messages.map((m) => pool.signAsync(m)));
      for (const [i, sig] of sigs.entries())
        assert.ok(verifySignature(messages[i]!, sig, alice.address), `signature ${i}`);
      return here;
    } finally {
      await pool.close();
    }
  };
  assert.equal(await signedHere(undefined), 4, 'one batch of 4 signed here, the other 6 on the worker');
  assert.equal(await signedHere(2), 8);
  assert.equal(await signedHere(0), 0, 'every message went to the worker');
  const alice = await Keypair.fromUri('//Alice');
  assert.throws(() => alice.parallelSigner({ callerBatches: -1 }), {
    code: 'WALLET_INVALID_INPUT',
    message: /callerBatches/,
  });
});
