/** Runs the self-contained example of docs/weights.md (offline timelock round trip) and checks what it prints. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('docs/weights.md: the encrypt/decrypt example runs and prints what the comments say', () => {
  const doc = readFileSync(join(root, 'docs/weights.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(block?.includes('encryptWeightsCommit'), 'the first ts block is the offline example');
  // Inside the repository so that the workspace packages resolve.
  const file = join(root, 'test', 'metagraph', `.weights-doc-${process.pid}.ts`);
  writeFileSync(file, block as string);
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const [length] = r.stdout.split('\n');
    assert.equal(length, '295');
    assert.match(r.stdout, /uids: \[ 1, 2 \]/);
    assert.match(r.stdout, /values: \[ 65535, 32768 \]/);
  } finally {
    rmSync(file, { force: true });
  }
});
