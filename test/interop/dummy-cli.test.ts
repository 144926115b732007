/**
 * The example miner and client against each other as separate processes over real sockets on 127.0.0.1:
 * examples/dummy/miner.ts (an @subnetkit/axon Axon keyed //Bob) and examples/dummy/client.ts (an
 * @subnetkit/dendrite Dendrite keyed //Alice): normal, streaming, msgpack and Epistula answers, and the 401 a client
 * gets when it signs for the wrong axon hotkey.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const CHARLIE = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y';

interface ClientRun {
  code: number;
  lines: Record<string, unknown>[];
  stderr: string;
}

function runClient(args: string[]): Promise<ClientRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'examples/dummy/client.ts', ...args],
      { cwd: ROOT, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        const lines = stdout
          .split('\n')
          .filter((l) => l.trim().length > 0)
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        resolve({ code: typeof code === 'number' ? code : 1, lines, stderr });
      },
    );
  });
}

describe('examples/dummy: miner and client as child processes', () => {
  let miner: ChildProcess;
  let port = 0;
  let hotkey = '';

  before(async () => {
    miner = spawn(
      process.execPath,
      ['--import', 'tsx', 'examples/dummy/miner.ts', '--port', '0', '--hotkey-uri', '//Bob'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const ready = await new Promise<string>((resolve, reject) => {
      let out = '';
      miner.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /AXON_READY (\S+) (\S+)\n/.exec(out);
        if (m) resolve(m[0]);
      });
      miner.once('exit', (code) => reject(new Error(`miner exited with ${code}`)));
      setTimeout(() => reject(new Error('miner not ready within 60 s')), 60_000).unref();
    });
    const m = /AXON_READY 127\.0\.0\.1:(\d+) (\S+)/.exec(ready)!;
    port = Number(m[1]);
    hotkey = m[2]!;
  });

  after(async () => {
    if (miner.exitCode === null) {
      const exited = new Promise((r) => miner.once('exit', r));
      miner.kill('SIGTERM');
      await exited;
    }
  });

  test('the miner announces //Bob', () => {
    assert.equal(hotkey, BOB);
    assert.ok(port > 0);
  });

  test('a Dummy call: 200, output = input × 2, client-side process time', async () => {
    const r = await runClient(['--ip', '127.0.0.1', '--port', String(port), '--axon-hotkey', hotkey, '--input', '21']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.lines.length, 1);
    const [out] = r.lines;
    assert.equal(out!.status_code, 200);
    assert.equal(out!.status_message, 'Success');
    assert.equal(out!.output, 42);
    assert.equal(typeof out!.process_time, 'number');
    assert.ok((out!.process_time as number) > 0);
  });

  test('a DummyStream call: chunk lines whose text is tok0 tok1 tok2, then the final line', async () => {
    const r = await runClient(['--port', String(port), '--axon-hotkey', hotkey, '--input', '3', '--stream']);
    assert.equal(r.code, 0, r.stderr);
    const chunks = r.lines.filter((l) => 'chunk' in l).map((l) => l.chunk as string);
    const final = r.lines.at(-1)!;
    assert.ok(chunks.length >= 1);
    assert.equal(chunks.join(''), 'tok0 tok1 tok2 ');
    assert.equal(final.status_code, 200);
    assert.equal((final.output as string[]).join(''), 'tok0 tok1 tok2 ');
    assert.equal(r.lines.length, chunks.length + 1);
  });

  test('msgpack bodies and Epistula signing are accepted by the miner too', async () => {
    const [mp, ep] = await Promise.all([
      runClient(['--port', String(port), '--axon-hotkey', hotkey, '--input', '5', '--body', 'msgpack']),
      runClient(['--port', String(port), '--axon-hotkey', hotkey, '--input', '6', '--scheme', 'epistula']),
    ]);
    assert.equal(mp.code, 0, mp.stderr);
    assert.deepEqual([mp.lines[0]!.status_code, mp.lines[0]!.output], [200, 10]);
    assert.equal(ep.code, 0, ep.stderr);
    assert.deepEqual([ep.lines[0]!.status_code, ep.lines[0]!.output], [200, 12]);
  });

  test('bad signature path: a client that signs for another hotkey gets 401 and exit status 1', async () => {
    const r = await runClient(['--port', String(port), '--axon-hotkey', CHARLIE, '--input', '5']);
    assert.equal(r.code, 1);
    const [out] = r.lines;
    assert.equal(out!.status_code, 401);
    assert.match(out!.status_message as string, /^Not Verified with error: Signature mismatch with /);
    // The axon checked the message against its own hotkey (Bob), not the one the client claimed.
    assert.ok((out!.status_message as string).includes(`.${BOB}.`));
    assert.equal(out!.output, null);
  });

  test('bad arguments: exit status 2 and a usage line', async () => {
    const r = await runClient(['--port', 'x', '--input', '1']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--port must be 1\.\.65535/);
    assert.match(r.stderr, /--axon-hotkey is required/);
  });
});
