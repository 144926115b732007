/**
 * Debian's `redis-server` for a suite or benchmark: started on a free port of 127.0.0.1 with no persistence, stopped
 * with SIGKILL (as a crash would), restartable on the same port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface RedisServer {
  port: number;
  url: string;
  /** Starts it again on the same port (after `stop()`). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const redis = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = redis;
      let out = '';
      redis.stdout!.on('data', (d) => {
        out += d;
      });
      const deadline = Date.now() + 10_000;
      while (!out.includes('Ready to accept connections')) {
        if (redis.exitCode !== null) throw new Error(`redis-server exited: ${out}`);
        if (Date.now() > deadline) throw new Error(`redis-server did not start: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      const redis = child;
      if (!redis || redis.exitCode !== null || redis.signalCode !== null) return;
      const gone = new Promise((r) => redis.once('exit', r));
      redis.kill('SIGKILL');
      await gone;
    },
  };
  await server.start();
  return server;
}
