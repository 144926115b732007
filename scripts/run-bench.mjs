#!/usr/bin/env node
// Runs every bench/*.bench.ts in its own process; each prints one JSON line of figures.
// Usage: npm run bench [-- <name-filter>...]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'bench');
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort();
if (files.length === 0) console.log(JSON.stringify({ bench: 'none', note: 'no benchmarks match' }));
// Benchmarks measure the workspace sources (the `subnetkit-source` export condition); NODE_OPTIONS carries it into
// the processes a benchmark starts.
const env = {
  ...process.env,
  NODE_OPTIONS: [process.env.NODE_OPTIONS, '--conditions=subnetkit-source'].filter(Boolean).join(' '),
};
let failed = 0;
for (const f of files) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, f)], { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
