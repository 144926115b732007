/**
 * Scale-out with a shared nonce store: signed Dummy requests per second and p99 at concurrency 64 against
 *   (a) one axon process with the in-memory nonce store (the default),
 *   (b) one axon process with a RedisNonceStore,
 *   (c) N axon processes (separate ports, one hotkey) sharing one RedisNonceStore, for each N in REDIS_BENCH_PROCESSES,
 * measured side by side in one run against one Debian `redis-server` started here. The load generator is a child
 * process (undici, requests signed before each timed run: one dendrite uuid per worker, strictly increasing nonces).
 *
 *   npm run bench -- redis-scaleout           (or: node --import tsx bench/redis-scaleout.bench.ts)
 *   REDIS_BENCH_MS=5000 …                     timed run per configuration (default 5000)
 *   REDIS_BENCH_PROCESSES=2,4 …               process counts for (c) (default 2,4)
 *
 * Prints ONE JSON line, with the load average before and after each configuration (this machine is shared).
 */
import { fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { waitReady } from '@polkadot/wasm-crypto';
import { Dummy } from '../examples/dummy/protocol.js';
import { startRedisServer } from '../test/reliability/redis-server.js';
import { startServerProcesses } from '../test/support/server-processes.js';
import { devSigner, driveLoad, type LoadResult, messagesFrom, presignRequests } from './support/signed-load.js';

const CONCURRENCY = 64;
const DURATION_MS = Number(process.env.REDIS_BENCH_MS ?? 5000);
const PROCESS_COUNTS = (process.env.REDIS_BENCH_PROCESSES ?? '2,4').split(',').map(Number);
const PER_WORKER = 150;
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';

interface Job {
  ports: number[];
  perWorker: number;
  durationMs: number;
}

// ---------------------------------------------------------------- load generator (child process)
async function loadgen(): Promise<void> {
  await cryptoWaitReady();
  await waitReady();
  const alice = devSigner('//Alice');
  process.on('message', async (job: Job) => {
    const lists = presignRequests({
      def: Dummy,
      make: (w, k, base) => Dummy.create({ input: w * 100_000 + k, ...base }),
      signer: alice,
      port: job.ports[0]!,
      axonHotkey: BOB,
      workers: CONCURRENCY,
      perWorker: job.perWorker,
    });
    process.send!(await driveLoad(job.ports, '/Dummy', lists, job.durationMs));
  });
  process.send!('ready');
}

// ---------------------------------------------------------------- parent
const startAxons = (n: number, args: string[]) =>
  startServerProcesses({
    script: 'bench/support/nonce-store-axon.ts',
    args,
    count: n,
    ready: /AXON_READY (\d+)\n/,
    ports: (m) => [Number(m[1])],
  });

const load1 = () => Number(loadavg()[0]!.toFixed(2));

async function main(): Promise<void> {
  const redis = await startRedisServer();
  const child = fork(fileURLToPath(import.meta.url), ['--loadgen'], { execArgv: process.execArgv, stdio: 'inherit' });
  const next = messagesFrom(child);
  await next<'ready'>();
  const run = async (name: string, n: number, args: string[]) => {
    const axons = await startAxons(n, args);
    try {
      // An untimed run first: JIT, the verification threads, the Redis connection.
      child.send({ ports: axons.ports, perWorker: 20, durationMs: 1500 } satisfies Job);
      await next<LoadResult>();
      const loadBefore = load1();
      child.send({ ports: axons.ports, perWorker: PER_WORKER, durationMs: DURATION_MS } satisfies Job);
      const r = await next<LoadResult>();
      return {
        name,
        processes: n,
        rps: Math.round((r.completed / r.elapsedMs) * 1000),
        p50_ms: +r.p50Ms.toFixed(2),
        p99_ms: +r.p99Ms.toFixed(2),
        completed: r.completed,
        non200: r.non200,
        errors: r.errors,
        workers_exhausted: r.exhausted,
        loadavg_1m: [loadBefore, load1()],
      };
    } finally {
      await axons.stop();
    }
  };
  const loadStart = loadavg().map((x) => Number(x.toFixed(2)));
  try {
    const results = [await run('memory_1', 1, ['--store', 'memory'])];
    results.push(await run('redis_1', 1, ['--store', 'redis', '--redis-url', redis.url]));
    for (const n of PROCESS_COUNTS)
      results.push(await run(`redis_${n}`, n, ['--store', 'redis', '--redis-url', redis.url]));
    const base = results[0]!.rps;
    console.log(
      JSON.stringify({
        bench: 'redis-scaleout',
        concurrency: CONCURRENCY,
        duration_ms: DURATION_MS,
        cores: availableParallelism(),
        loadavg_at_start: loadStart,
        loadavg_at_end: loadavg().map((x) => Number(x.toFixed(2))),
        configurations: results,
        rps_vs_memory_1: Object.fromEntries(results.map((r) => [r.name, +(r.rps / base).toFixed(3)])),
      }),
    );
  } finally {
    child.kill();
    await redis.stop();
  }
}

if (process.argv.includes('--loadgen')) await loadgen();
else await main();
