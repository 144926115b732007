/**
 * `npm run demo` when the chain cannot start (here: a chain spec path that does not exist) ends with one sentence
 * naming the problem and the fix, exit code 1, and no stack trace; --verbose adds the stack.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function demo(...args: string[]) {
  return spawnSync(
    process.execPath,
    [
      '--conditions=subnetkit-source',
      '--import',
      'tsx',
      'examples/digits/run.ts',
      '--epochs',
      '1',
      '--miners',
      '1',
      '--validators',
      '1',
      ...args,
    ],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, SUBNETKIT_CHAIN_SPEC: '/nonexistent/subtensor-spec.json', SUBNETKIT_LOG_LEVEL: 'silent' },
    },
  );
}

test('the demo without a chain spec: one sentence with the fix, exit code 1, no stack trace', {
  timeout: 300_000,
}, () => {
  const r = demo();
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(
    lines[0] ?? '',
    /^digits subnet failed: \[LOCALNET_CHAIN_SPEC_\w+\] .*\/nonexistent\/subtensor-spec\.json/,
  );
  assert.doesNotMatch(r.stderr, /\n\s+at /);

  const verbose = demo('--verbose');
  assert.equal(verbose.status, 1);
  assert.match(verbose.stderr, /\n\s+at /, 'with --verbose, the stack trace follows the sentence');
});
