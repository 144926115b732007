/**
 * A server process's own figures for the load suites, sent over its IPC channel: memory, socket descriptors and
 * active handles by kind (`process.getActiveResourcesInfo()`), plus whatever `extra()` adds. Answers `'stats'`, and
 * `'gc-stats'` after a full garbage collection (the process runs with --expose-gc).
 */
import { readdirSync, readlinkSync } from 'node:fs';

export interface ProcessFigures {
  rssMb: number;
  heapMb: number;
  socketFds: number;
  resources: Record<string, number>;
}

/** Open descriptors of this process that are sockets (listening, connected or half-closed). */
export function socketFds(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) n++;
    } catch {}
  }
  return n;
}

export function processFigures(): ProcessFigures {
  const resources: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1;
  const m = process.memoryUsage();
  return { rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20, socketFds: socketFds(), resources };
}

/** Answers the suite's figure requests until the channel closes, then runs `onClose`. */
export function serveFigures<E extends object>(extra: () => E, onClose: () => Promise<void>): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (m) => {
    if (m === 'gc-stats') gc?.();
    if (m === 'stats' || m === 'gc-stats') process.send!({ stats: { ...processFigures(), ...extra() } });
  });
  process.on('disconnect', () => {
    void onClose().then(() => process.exit(0));
  });
}
