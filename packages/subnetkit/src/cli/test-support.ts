/** Test support for the CLI tests: the real bin in a child process, in an environment free of the caller's settings. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/subnetkit.js', import.meta.url));

/** This process's environment without wallet, password and SUBNETKIT_* settings, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(BT_WALLET|BT_PW_|SUBNETKIT_)/.test(k)) delete env[k];
  return { ...env, ...extra };
}

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `subnetkit <args>` to its end (asynchronously, so several can run side by side). */
export function runCli(args: string[], env?: Record<string, string>): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}
