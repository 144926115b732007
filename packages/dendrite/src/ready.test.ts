/**
 * `await dendrite.ready()` at the top of a script: the signing workers load while nothing else is pending, so they
 * must hold the process until they answer (before the fix, Node found an empty event loop and exited with code 13,
 * "unsettled top-level await"). Run as a child process, because that exit only shows at a script's top level.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

async function runScript(lines: string[]): Promise<{ code: number | null; signal: string | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', lines.join('\n')], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  return { code, signal, out };
}

test('a script that starts with `await dendrite.ready()` runs on and exits 0 (not 13 before the workers load)', async () => {
  const { code, signal, out } = await runScript([
    "import { Dendrite } from '@subnetkit/dendrite';",
    "import { Keypair } from '@subnetkit/wallet';",
    "const dendrite = new Dendrite({ signer: await Keypair.fromUri('//Alice'), signingThreads: 2 });",
    'await dendrite.ready();',
    "console.log('after ready');",
    'await dendrite.close();',
  ]);
  assert.equal(signal, null, 'exited by itself');
  assert.equal(code, 0, `exit code ${code} (13 = the process ended while ready() was still pending)`);
  assert.match(out, /after ready/);
});

test('after ready(), an unclosed dendrite does not keep the process alive', async () => {
  const { code, signal, out } = await runScript([
    "import { Dendrite } from '@subnetkit/dendrite';",
    "import { Keypair } from '@subnetkit/wallet';",
    "const dendrite = new Dendrite({ signer: await Keypair.fromUri('//Alice'), signingThreads: 2 });",
    'await dendrite.ready();',
    "console.log('ready, not closing');",
  ]);
  assert.equal(signal, null, 'the process exited by itself (killed after 60 s otherwise)');
  assert.equal(code, 0);
  assert.match(out, /ready, not closing/);
});
