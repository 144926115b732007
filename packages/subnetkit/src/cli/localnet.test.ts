import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { findStorage, plain } from '@subnetkit/chain';

const BIN = fileURLToPath(new URL('../../bin/subnetkit.js', import.meta.url));

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

let child: ChildProcess | undefined;
after(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

describe('subnetkit localnet up', () => {
  it('serves the chain on the given port, says when ready, and stops cleanly on SIGINT', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [BIN, 'localnet', 'up', '--port', String(port), '--tempo', '12'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr?.on('data', (d) => {
      err += d;
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child?.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line in 180 s:\n${out}\n${err}`)), 180_000);
      child?.stdout?.on('data', (d) => {
        out += d;
        const m = /^LOCALNET_READY (ws:\/\/\S+)$/m.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      exited.then(({ code }) => reject(new Error(`exited ${code} before ready:\n${out}\n${err}`)));
    });
    assert.equal(url, `ws://127.0.0.1:${port}`);
    // One progress line per step, in order, before the ready line.
    const steps = ['chain spec found at', 'genesis', 'runtime node-subtensor 293 started', 'ws listening on'];
    let at = -1;
    for (const s of steps) {
      const i = out.indexOf(s);
      assert.ok(i > at, `progress '${s}' in order:\n${out}`);
      at = i;
    }

    const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true, throwOnConnect: true });
    try {
      assert.equal(api.runtimeVersion.specVersion.toNumber(), 293);
      const rateLimit = plain(await findStorage(api, 'subtensorModule', 'networkRateLimit')?.());
      assert.equal(rateLimit, 0n, 'subnets can be created at once');
      const tempo = plain(await findStorage(api, 'subtensorModule', 'tempo')?.(1));
      assert.equal(tempo, 12, '--tempo applied to the genesis subnet');
    } finally {
      await api.disconnect();
    }

    child.kill('SIGINT');
    const { code, signal } = await exited;
    assert.equal(signal, null, `exited by itself, not killed:\n${err}`);
    assert.equal(code, 0, err);
    assert.match(out, /SIGINT received, stopping[\s\S]*stopped/);
  });

  it('rejects a bad flag with usage and exit code 2', async () => {
    const c = spawn(process.execPath, [BIN, 'localnet', 'up', '--port', 'x'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    c.stderr?.on('data', (d) => {
      err += d;
    });
    const code = await new Promise((r) => c.once('exit', r));
    assert.equal(code, 2);
    assert.match(err, /--port must be an integer/);
  });

  it('refuses two runtime sources at once, naming both flags', async () => {
    const c = spawn(
      process.execPath,
      [BIN, 'localnet', 'up', '--runtime-from', 'ws://127.0.0.1:1', '--fork', 'ws://127.0.0.1:1'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    c.stderr?.on('data', (d) => {
      err += d;
    });
    const code = await new Promise((r) => c.once('exit', r));
    assert.equal(code, 2);
    assert.match(err, /--runtime-from and --fork cannot be combined/);
  });

  it('without a chain spec or network: one paragraph, exit 1, no stack trace', async () => {
    // An empty cache, a working directory with no search path, and a download URL that refuses connections.
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/subnetkit-nospec-`);
    const port = await freePort();
    try {
      const c = spawn(process.execPath, [BIN, 'localnet', 'up', '--port', '0'], {
        cwd: dir,
        env: {
          ...process.env,
          SUBNETKIT_CACHE_DIR: dir,
          SUBNETKIT_CHAIN_SPEC_URL: `http://127.0.0.1:${port}/spec.json`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      c.stderr?.on('data', (d) => {
        err += d;
      });
      const code = await new Promise((r) => c.once('exit', r));
      assert.equal(code, 1);
      const lines = err.trim().split('\n');
      assert.equal(lines.length, 1, err);
      assert.match(err, /^subnetkit localnet up: \[LOCALNET_CHAIN_SPEC_DOWNLOAD_FAILED\] Could not find/);
      assert.match(err, /ECONNREFUSED/);
      assert.match(err, /three ways/);
      assert.doesNotMatch(err, /\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
