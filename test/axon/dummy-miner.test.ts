/**
 * The example miner as a user runs it (`tsx examples/dummy/miner.ts …` from the repo root): one AXON_READY line, signed
 * Dummy and DummyStream requests answered, a bad signature refused, clean exit on SIGTERM.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Keypair } from '@subnetkit/wallet';
import { Dummy, DummyStream } from '../../examples/dummy/protocol.js';
import { signRequest } from '../../packages/axon/src/test-support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('examples/dummy/miner.ts: AXON_READY, answers, clean SIGTERM', { timeout: 120_000 }, async () => {
  const alice = await Keypair.fromUri('//Alice');
  const bob = await Keypair.fromUri('//Bob');
  // tsx itself (not npx, which does not pass SIGTERM on).
  const child = spawn(
    `${ROOT}node_modules/.bin/tsx`,
    ['examples/dummy/miner.ts', '--port', '0', '--hotkey-uri', '//Bob'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  try {
    const deadline = Date.now() + 90_000;
    while (!stdout.includes('\n')) {
      if (child.exitCode !== null) assert.fail(`miner exited early (${child.exitCode}): ${stderr}`);
      if (Date.now() > deadline) assert.fail(`no AXON_READY line; stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const m = /^AXON_READY 127\.0\.0\.1:(\d+) (\S+)\n$/.exec(stdout);
    assert.ok(m, `one AXON_READY line, got ${JSON.stringify(stdout)}`);
    assert.equal(m[2], bob.address);
    const url = `http://127.0.0.1:${m[1]}`;

    const r = signRequest(Dummy, { input: 21 }, { signer: alice, axonHotkey: bob.address });
    const ok = await fetch(`${url}/Dummy`, { method: 'POST', headers: r.headers, body: r.body });
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as { output: number }).output, 42);

    const s = signRequest(DummyStream, { count: 3 }, { signer: alice, axonHotkey: bob.address });
    const st = await fetch(`${url}/DummyStream`, { method: 'POST', headers: s.headers, body: s.body });
    assert.equal(st.headers.get('content-type'), 'text/event-stream');
    assert.equal(await st.text(), 'tok0 tok1 tok2 ');

    const bad = signRequest(
      Dummy,
      { input: 1 },
      { signer: alice, axonHotkey: bob.address, signature: `0x${'22'.repeat(64)}` },
    );
    const no = await fetch(`${url}/Dummy`, { method: 'POST', headers: bad.headers, body: bad.body });
    assert.equal(no.status, 401);
    assert.match(((await no.json()) as { message: string }).message, /^Not Verified with error: Signature mismatch/);

    // Request fields are bounded before any work: no 3.5 s stall and +410 MB for a count of 1e7, no 500 for 2^53-1.
    for (const [def, input, field] of [
      [DummyStream, { count: 10_000_000 }, 'DummyStream.count'],
      [DummyStream, { count: 2 ** 53 - 1 }, 'DummyStream.count'],
      [Dummy, { input: 2 ** 53 - 1 }, 'Dummy.input'],
    ] as const) {
      const q = signRequest(def as typeof Dummy, input as { input: number }, {
        signer: alice,
        axonHotkey: bob.address,
      });
      const t0 = performance.now();
      const res = await fetch(`${url}/${def.name}`, { method: 'POST', headers: q.headers, body: q.body });
      assert.equal(res.status, 422, `${field} = ${JSON.stringify(input)}`);
      assert.match(((await res.json()) as { message: string }).message, new RegExp(`${field} must be`));
      assert.ok(performance.now() - t0 < 1000, 'refused at once');
    }
    const ten = signRequest(DummyStream, { count: 10_000 }, { signer: alice, axonHotkey: bob.address });
    const all = await fetch(`${url}/DummyStream`, { method: 'POST', headers: ten.headers, body: ten.body });
    assert.ok((await all.text()).endsWith('tok9999 '), 'the largest allowed count streams in full');
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, `exit code after SIGTERM; stderr: ${stderr}`);
  assert.equal(stdout.trim().split('\n').length, 1, 'exactly one line on stdout');
});
