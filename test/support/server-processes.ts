/**
 * Servers in child processes for the load suites and benches (axon farms, nonce-store axons): `count` copies of a
 * script run with tsx from the repository root, each printing one ready line on stdout that names its ports; stopped
 * by closing their stdin (the scripts exit when it closes), SIGKILL after 5 s.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcesses {
  /** Every process's ports, in start order. */
  ports: number[];
  children: ChildProcess[];
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** The script, absolute or relative to the repository root. */
  script: string;
  args: string[];
  count: number;
  /** The ready line; `ports` reads the ports from its match. */
  ready: RegExp;
  ports: (match: RegExpExecArray) => number[];
  /** A nice value for the children (a lower CPU priority than the process measuring them). */
  nice?: number;
}

export async function startServerProcesses(options: ServerProcessOptions): Promise<ServerProcesses> {
  const children: ChildProcess[] = [];
  const stop = () => Promise.all(children.map(stopChild)).then(() => undefined);
  const started = Promise.all(
    Array.from({ length: options.count }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', options.script, ...options.args], {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      children.push(child);
      if (options.nice && child.pid !== undefined) setPriority(child.pid, options.nice);
      return new Promise<number[]>((resolve, reject) => {
        let text = '';
        child.stdout!.on('data', (c: Buffer) => {
          text += c.toString();
          const m = options.ready.exec(text);
          if (m) resolve(options.ports(m));
        });
        child.once('exit', (code) => reject(new Error(`${options.script} exited with ${code} before it was ready`)));
      });
    }),
  );
  try {
    return { ports: (await started).flat(), children, stop };
  } catch (err) {
    await stop(); // the ones that did start
    throw err;
  }
}

/** `count` processes of packages/dendrite/src/testing/axon-farm.ts (or a script with its `FARM_READY` line). */
export function startAxonFarms(
  count: number,
  args: string[],
  options: { script?: string; perProcess?: number; nice?: number } = {},
): Promise<ServerProcesses> {
  return startServerProcesses({
    script: options.script ?? 'packages/dendrite/src/testing/axon-farm.ts',
    args,
    count,
    ready: /FARM_READY (.*)\n/,
    ports: (m) => (JSON.parse(m[1]!) as { normal: number[] }).normal.slice(0, options.perProcess),
    ...(options.nice !== undefined && { nice: options.nice }),
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.stdin!.end();
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}
