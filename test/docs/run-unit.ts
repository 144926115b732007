/**
 * Runs one unit of a doc (a block, or a group of blocks) the way a reader would: TypeScript through node + tsx with
 * the workspace packages resolved to their sources, shell through bash with the `subnetkit` command on the PATH.
 * Each doc gets its own work directory inside the repository (so `@subnetkit/*` resolve as in any file of the
 * checkout) that is also HOME, so examples that write wallets or state under `~` never touch the real home.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { joinModules, type Unit } from './markdown-blocks.js';

export const ROOT = new URL('../../', import.meta.url).pathname;
/** Where the per-doc work directories live (ignored by git). */
export const RUN_DIR = join(ROOT, 'test', 'docs', '.run');

export interface UnitResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  ms: number;
}

const MAX_OUTPUT = 1 << 20;

/** The environment of a doc's programs: HOME is the work directory; the chain caches stay shared (they are slow to build). */
export function docEnv(workDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(BT_WALLET_|BT_PW_)/.test(k) || k === 'SUBNETKIT_CONFIG' || k === 'SUBNETKIT_HOME') delete env[k];
  }
  const cache =
    process.env.SUBNETKIT_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'subnetkit');
  return {
    ...env,
    HOME: workDir,
    SUBNETKIT_CACHE_DIR: cache,
    npm_config_cache: process.env.npm_config_cache ?? join(homedir(), '.npm'),
    PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    NODE_OPTIONS: [
      process.env.NODE_OPTIONS?.replace('--conditions=subnetkit-source', ''),
      '--conditions=subnetkit-source',
    ]
      .filter(Boolean)
      .join(' ')
      .trim(),
  };
}

/** Writes the unit's program into `workDir` as `<name>.{ts,mjs,sh}` and runs it there, killing it after `timeoutS`. */
export function runUnit(unit: Unit, workDir: string, name: string, timeoutS: number): Promise<UnitResult> {
  const codes = unit.blocks.map((b) => b.code);
  let file: string;
  let args: string[];
  if (unit.kind === 'sh') {
    file = join(workDir, `${name}.sh`);
    writeFileSync(file, `set -eo pipefail\n${codes.join('\n')}`);
    args = ['bash', file];
  } else {
    file = join(workDir, `${name}.${unit.kind === 'ts' ? 'ts' : 'mjs'}`);
    writeFileSync(file, unit.kind === 'ts' ? joinModules(codes) : codes.join('\n'));
    args = [process.execPath, '--conditions=subnetkit-source', '--import', 'tsx', file];
  }
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout ends whatever the example started (a localnet, a server, a child).
    const child = spawn(args[0] as string, args.slice(1), {
      cwd: workDir,
      env: docEnv(workDir),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += d.toString();
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutS * 1000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      killGroup(child.pid); // anything it left running in the background
      resolve({ status, signal, timedOut, stdout, stderr, ms: performance.now() - started });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export interface UnitReport {
  /** `file:line` of the unit's first block (and of the others, for a group). */
  where: string;
  ms: number;
  /** Empty when the unit ran as the doc says. */
  problems: string[];
}

const tail = (s: string, n = 4000) => (s.length > n ? `…${s.slice(-n)}` : s);

/** Runs the units of one doc in order, in one work directory; each report lists what went wrong. */
export async function runDoc(units: Unit[], workDir: string, defaultTimeoutS: number): Promise<UnitReport[]> {
  const reports: UnitReport[] = [];
  for (const [i, unit] of units.entries()) {
    const first = unit.blocks[0];
    const where = unit.blocks.map((b) => `${b.file}:${b.line}`).join(' + ');
    const timeoutS = Math.max(...unit.blocks.map((b) => b.timeoutS ?? defaultTimeoutS));
    const r = await runUnit(unit, workDir, `block-${first?.line ?? i}`, timeoutS);
    const problems: string[] = [];
    const expected = Math.max(...unit.blocks.map((b) => b.exit));
    if (r.timedOut) problems.push(`did not finish within ${timeoutS} s (killed)`);
    else if (r.status !== expected) problems.push(`exited with ${r.status ?? r.signal}, the doc expects ${expected}`);
    for (const b of unit.blocks) {
      for (const re of b.expect) if (!re.test(r.stdout)) problems.push(`its output does not match /${re.source}/`);
    }
    if (problems.length) problems.push(`stdout:\n${tail(r.stdout)}\nstderr:\n${tail(r.stderr)}`);
    reports.push({ where, ms: r.ms, problems });
  }
  return reports;
}
