#!/usr/bin/env node
// Runs the reliability suites (**/*.reliability.ts: fuzz, slow clients, replay) one file at a time, so their
// figures are not skewed by each other. `npm test` does not collect them (it takes *.test.ts only).
// Usage: npm run test:reliability [-- <path-prefix>...]
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
    else if (entry.name.endsWith('.reliability.ts')) out.push(relative(root, full));
  }
  return out;
}

const filters = process.argv.slice(2);
const files = collect(root, [])
  .filter((f) => filters.length === 0 || filters.some((p) => f.startsWith(p.replace(/^\.\//, ''))))
  .sort();
if (files.length === 0) {
  console.error(`no reliability suites match ${filters.join(' ') || '**/*.reliability.ts'}`);
  process.exit(1);
}
const args = ['--import', 'tsx', '--test', '--test-concurrency=1', ...files];
// Workspace packages resolve to their TypeScript sources (the `subnetkit-source` export condition), also in the
// miner processes the suites start.
const env = {
  ...process.env,
  NODE_OPTIONS: [process.env.NODE_OPTIONS, '--conditions=subnetkit-source'].filter(Boolean).join(' '),
};
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
