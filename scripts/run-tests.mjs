#!/usr/bin/env node
// Collects **/*.test.ts (node 20's runner does not expand globs) and runs them with node's test runner through tsx.
// Usage: npm test [-- <path-prefix>...]   e.g. npm test -- packages/synapse test/e2e
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['node_modules', '.git', 'dist', 'coverage', '.cache']);

function collect(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) collect(full, out);
    else if (entry.name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

const filters = process.argv.slice(2);
const files = collect(root, [])
  .filter((f) => filters.length === 0 || filters.some((p) => f.startsWith(p.replace(/^\.\//, ''))))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ') || '**/*.test.ts'}`);
  process.exit(1);
}
const concurrency = process.env.SUBNETKIT_TEST_CONCURRENCY ?? '2';
const args = ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files];
// Workspace packages resolve to their TypeScript sources (the `subnetkit-source` export condition), so tests need no
// build; NODE_OPTIONS carries the condition into every process a test starts.
const env = {
  ...process.env,
  NODE_OPTIONS: [process.env.NODE_OPTIONS, '--conditions=subnetkit-source'].filter(Boolean).join(' '),
};
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
