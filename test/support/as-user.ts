/**
 * Running commands as a user would, for the tests that pack, install and run the packages outside this workspace
 * (test/package, test/scaffold): none of this repository's loader flags, test-runner context or npm settings.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';

export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** This process's environment less NODE_OPTIONS, the test runner's context and `npm test`'s npm_* settings. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'NODE_OPTIONS' || k === 'NODE_TEST_CONTEXT') continue;
    if (k.toLowerCase().startsWith('npm_') && !['npm_config_cache', 'npm_config_userconfig'].includes(k.toLowerCase()))
      continue;
    env[k] = v;
  }
  return env;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr. */
  output: string;
  ms: number;
}

/** Runs `cmd` in the user's environment; resolves (never rejects) with its exit code and output. */
export function runAsUser(cmd: string, args: string[], cwd: string, timeoutMs = 300_000): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env: userEnv(), timeout: timeoutMs, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}`, ms: Math.round(performance.now() - started) });
    });
  });
}

/** Asserts the command succeeded; the failure names it and shows the end of its output. */
export function ok(r: Run, what: string): Run {
  assert.equal(r.code, 0, `${what} failed (exit ${r.code}, ${r.ms} ms):\n${r.output.slice(-6000)}`);
  return r;
}

/** Installs a project's dependencies from the npm cache alone (no registry, no install scripts). */
export function installOffline(dir: string, command: 'ci' | 'install', timeoutMs = 300_000): Promise<Run> {
  return runAsUser(npm, [command, '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], dir, timeoutMs);
}
