/**
 * The load suites' side of a forked server process (axon-target.ts, axon-farm.ts): start it with an IPC channel,
 * wait for its ready message, ask it for figures, stop it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Forked<R, S> {
  child: ChildProcess;
  ready: R;
  stats(): Promise<S>;
  /** Runs a full garbage collection there (the process is started with --expose-gc), then returns its figures. */
  statsAfterGc(): Promise<S>;
  alive(): boolean;
  stop(): Promise<void>;
}

export async function forkServer<R, S>(script: string, args: string[], timeoutMs = 90_000): Promise<Forked<R, S>> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = fork(path, args, {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: ((m: Record<string, unknown>) => void)[] = [];
  child.on('message', (m) => waiting.shift()?.(m as Record<string, unknown>));
  const next = (ms: number) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script}: no message within ${ms} ms`)), ms);
      const onExit = (code: number | null) => reject(new Error(`${script} exited (${code})`));
      child.once('exit', onExit);
      waiting.push((m) => {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(m);
      });
    });
  const ready = (await next(timeoutMs)).ready as R;
  const ask = async (what: string) => {
    const answer = next(30_000);
    child.send(what);
    return (await answer).stats as S;
  };
  return {
    child,
    ready,
    stats: () => ask('stats'),
    statsAfterGc: () => ask('gc-stats'),
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.disconnect();
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(kill);
    },
  };
}
