// Shared by run-tests.mjs and run-reliability.mjs: collects the test files with a given suffix (node 20's runner does
// not expand globs and finds no .ts tests by itself) and runs them with node's test runner through tsx.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['node_modules', '.git', 'dist', 'coverage', '.cache']);

function collect(dir, suffix, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) collect(full, suffix, out);
    else if (entry.name.endsWith(suffix)) out.push(relative(root, full));
  }
  return out;
}

/** Runs every `**\/*<suffix>` file under the path prefixes given (all when none), then exits with the runner's code. */
export function runNodeTests({ suffix, concurrency, filters, forceExit = false }) {
  const files = collect(root, suffix, [])
    .filter((f) => filters.length === 0 || filters.some((p) => f.startsWith(p.replace(/^\.\//, ''))))
    .sort();
  if (files.length === 0) {
    console.error(`no test files match ${filters.join(' ') || `**/*${suffix}`}`);
    process.exit(1);
  }
  // forceExit: a file whose tests all finished ends even if a handle is still open (a leak there is a bug to fix,
  // but it must not hang CI until its time limit).
  const args = [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    ...(forceExit ? ['--test-force-exit'] : []),
    ...files,
  ];
  // Workspace packages resolve to their TypeScript sources (the `subnetkit-source` export condition), so tests need no
  // build; NODE_OPTIONS carries the condition into every process a test starts.
  const env = {
    ...process.env,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, '--conditions=subnetkit-source'].filter(Boolean).join(' '),
  };
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
}
