/**
 * A TypeScript script run as its own process (node + tsx, the workspace's source condition), with its output kept as
 * lines so a test can wait for one, and a bounded wait for its exit. Used by the fault and secret suites.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface Child {
  proc: ChildProcess;
  /** Every stdout line so far. */
  lines: string[];
  /** Every stderr line so far. */
  errLines: string[];
  /** Resolves with the first line (from `from` on) matching `re`; rejects after `timeoutMs` or if the child exits. */
  waitFor(
    re: RegExp,
    timeoutMs: number,
    from?: number,
  ): Promise<{ line: string; index: number; match: RegExpExecArray }>;
  alive(): boolean;
  /** Sends `signal` and resolves with the exit (SIGKILL after `graceMs` if it is still there). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<{ code: number | null; signal: string | null }>;
}

export function runScript(
  script: string,
  args: string[] = [],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; stdin?: string } = {},
): Child {
  const proc = spawn(process.execPath, ['--conditions=subnetkit-source', '--import', 'tsx', script, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NODE_TEST_CONTEXT: '', ...options.env },
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (options.stdin !== undefined) proc.stdin!.end(options.stdin);
  return track(proc);
}

export function track(proc: ChildProcess): Child {
  const lines: string[] = [];
  const errLines: string[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  const split = (into: string[]) => {
    let partial = '';
    return (d: Buffer) => {
      const parts = (partial + d.toString()).split('\n');
      partial = parts.pop() ?? '';
      into.push(...parts);
      wake();
    };
  };
  proc.stdout?.on('data', split(lines));
  proc.stderr?.on('data', split(errLines));
  proc.once('exit', wake);
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  const exit = () =>
    new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      if (!alive()) resolve({ code: proc.exitCode, signal: proc.signalCode });
      else proc.once('exit', (code, signal) => resolve({ code, signal }));
    });
  return {
    proc,
    lines,
    errLines,
    alive,
    waitFor(re, timeoutMs, from = 0) {
      const deadline = Date.now() + timeoutMs;
      return new Promise((resolve, reject) => {
        const check = () => {
          for (let i = from; i < lines.length; i++) {
            const match = re.exec(lines[i]!);
            if (match) {
              done();
              return resolve({ line: lines[i]!, index: i, match });
            }
          }
          if (!alive()) {
            done();
            return reject(
              new Error(
                `the child exited (${proc.exitCode ?? proc.signalCode}) before ${re}; stderr: ${errLines.slice(-80).join('\n')}; stdout: ${lines.slice(-8).join('\n')}`,
              ),
            );
          }
          if (Date.now() > deadline) {
            done();
            return reject(
              new Error(
                `no line matching ${re} within ${timeoutMs} ms; stderr: ${errLines.slice(-80).join('\n')}; stdout: ${lines.slice(-8).join('\n')}`,
              ),
            );
          }
        };
        const timer = setInterval(check, 200);
        const done = () => {
          clearInterval(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM', graceMs = 15_000) {
      if (!alive()) return exit();
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      const result = await exit();
      clearTimeout(timer);
      return result;
    },
  };
}
