/** Test support: starts `axon-farm.ts` in a child process and reads its ports. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Farm {
  normal: number[];
  hang: number[];
  reset: number[];
  child: ChildProcess;
  stop(): Promise<void>;
}

export const FARM_SCRIPT = fileURLToPath(new URL('./axon-farm.ts', import.meta.url));

export async function startFarm(args: {
  hotkey: string;
  normal?: number;
  hang?: number;
  reset?: number;
  delayMs?: number;
  verify?: boolean;
}): Promise<Farm> {
  const argv = ['--import', 'tsx', FARM_SCRIPT, '--hotkey', args.hotkey, '--normal', String(args.normal ?? 1)];
  argv.push(
    '--hang',
    String(args.hang ?? 0),
    '--reset',
    String(args.reset ?? 0),
    '--delay-ms',
    String(args.delayMs ?? 0),
  );
  if (args.verify) argv.push('--verify');
  const child = spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
  const ports = await new Promise<{ normal: number[]; hang: number[]; reset: number[] }>((resolve, reject) => {
    let out = '';
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = /FARM_READY (.*)\n/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        resolve(JSON.parse(m[1]!));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`axon farm exited with ${code} before it was ready`)));
  });
  return {
    ...ports,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
