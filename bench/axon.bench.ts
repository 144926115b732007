/**
 * Axon throughput: signed Dummy requests per second at concurrency 64 against (a) a bare fastify route echoing the same
 * JSON and (b) the sr25519 verification ceiling (verifications per second on one core, measured first in this run).
 * The load generator is a child process (undici, 64 connections) so it never shares the axon's event loop; both
 * servers run in this process, one after the other. Requests are signed before the timed run: 64 workers, each with its
 * own dendrite uuid and strictly increasing nonces sent one at a time, so the nonce rule (per hotkey:uuid, strictly
 * increasing; the first nonce within 4 s + timeout of now and after the axon's start) never refuses one.
 *
 *   node --import tsx bench/axon.bench.ts        (or: npm run bench -- axon)
 *
 * Prints ONE JSON line. Target: axon_rps ≥ 0.6 × min(bare_rps, verify_per_s × verify_threads).
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cryptoWaitReady, sr25519Verify as jsVerify } from '@polkadot/util-crypto';
import { sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
import { Axon } from '@subnetkit/axon';
import { defineSynapse, t } from '@subnetkit/synapse';
import Fastify from 'fastify';
import { devSigner, driveLoad, type LoadResult, messagesFrom, presignRequests } from './support/signed-load.js';

const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { input: t.int(), output: t.int().optional() },
  hashFields: ['input'],
});
const CONCURRENCY = 64;
const DURATION_MS = Number(process.env.AXON_BENCH_MS ?? 6000);
interface AxonLoadResult extends LoadResult {
  presignMs: number;
}

// ---------------------------------------------------------------- load generator (child process)
async function loadgen(): Promise<void> {
  await cryptoWaitReady();
  await waitReady();
  const alice = devSigner('//Alice');
  process.on(
    'message',
    async (msg: { port: number; axonHotkey: string; perWorker: number; durationMs: number; sign: boolean }) => {
      const t0 = performance.now();
      const lists = presignRequests({
        def: Dummy,
        make: (w, k, base) => Dummy.create({ input: w * 100_000 + k, ...base }),
        signer: alice,
        port: msg.port,
        axonHotkey: msg.axonHotkey,
        workers: CONCURRENCY,
        perWorker: msg.perWorker,
        sign: msg.sign,
      });
      const presignMs = performance.now() - t0;
      const result: AxonLoadResult = { ...(await driveLoad(msg.port, '/Dummy', lists, msg.durationMs)), presignMs };
      process.send!(result);
    },
  );
  process.send!('ready');
}

// ---------------------------------------------------------------- parent: ceiling, servers, report
function verifyRate(verify: () => boolean, ms: number): number {
  let n = 0;
  const end = performance.now() + ms;
  const t0 = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 20; i++) if (!verify()) throw new Error('bench signature did not verify');
    n += 20;
  }
  return n / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  await cryptoWaitReady();
  await waitReady();
  const bob = devSigner('//Bob');
  const alice = devSigner('//Alice');
  const msg = new TextEncoder().encode(
    `1795304537608313210.${alice.address}.${bob.address}.${randomUUID()}.${'ab'.repeat(32)}`,
  );
  const sig = alice.sign(msg);
  // The machine's load can change during the run, so the ceiling is measured three times (start, just before and just
  // after the axon's run) and the mean is used.
  const verifyOnce = () => sr25519Verify(sig, msg, alice.publicKey);
  const ceilings = [verifyRate(verifyOnce, 1000)];
  const jsPerS = verifyRate(() => jsVerify(msg, sig, alice.publicKey), 500);

  const child = fork(fileURLToPath(import.meta.url), ['--loadgen'], { execArgv: process.execArgv, stdio: 'inherit' });
  const next = messagesFrom(child);
  await next<'ready'>();
  // A short untimed run first, so JIT warm-up (fastify, the codec, the worker) is not measured.
  const warmUp = async (port: number, sign: boolean) => {
    child.send({ port, axonHotkey: bob.address, perWorker: 25, durationMs: 1500, sign });
    await next<AxonLoadResult>();
  };

  try {
    // (a) bare fastify: the same JSON, parsed and echoed.
    const bare = Fastify({ logger: false });
    bare.post('/Dummy', async (req) => req.body);
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const barePort = (bare.server.address() as { port: number }).port;
    // Enough pre-signed requests for the run at the verify ceiling on every core (+30%), at most 1500 per worker.
    const perWorker = Math.min(
      1500,
      Math.ceil((ceilings[0]! * availableParallelism() * DURATION_MS * 1.3) / 1000 / CONCURRENCY),
    );
    await warmUp(barePort, false);
    child.send({
      port: barePort,
      axonHotkey: bob.address,
      perWorker: perWorker * 3,
      durationMs: DURATION_MS,
      sign: false,
    });
    const bareRes = await next<AxonLoadResult>();
    await bare.close();

    // (c) the axon with its defaults, except: no rate limit (one hotkey sends everything) and quiet logs.
    // AXON_BENCH_THREADS overrides the verification pool size (default: the axon's own, min(4, cores - 1)).
    const threads = Number(process.env.AXON_BENCH_THREADS ?? Math.min(4, availableParallelism() - 1));
    const axon = new Axon({
      signer: bob,
      port: 0,
      ip: '127.0.0.1',
      rateLimit: false,
      logLevel: 'silent',
      verifyThreads: threads,
    });
    axon.attach(Dummy, (s) => {
      s.output = s.input * 2;
      return s;
    });
    await axon.start();
    await warmUp(axon.port, true);
    ceilings.push(verifyRate(verifyOnce, 1000));
    child.send({ port: axon.port, axonHotkey: bob.address, perWorker, durationMs: DURATION_MS, sign: true });
    const axonRes = await next<AxonLoadResult>();
    await axon.stop();
    ceilings.push(verifyRate(verifyOnce, 1000));
    const wasmPerS = ceilings.reduce((a, b) => a + b, 0) / ceilings.length;

    const rps = (r: AxonLoadResult) => Math.round((r.completed / r.elapsedMs) * 1000);
    const bareRps = rps(bareRes);
    const axonRps = rps(axonRes);
    const verifyThreads = Math.max(1, threads);
    const ceiling = Math.round(wasmPerS * verifyThreads);
    const bound = Math.min(bareRps, ceiling);
    console.log(
      JSON.stringify({
        bench: 'axon',
        concurrency: CONCURRENCY,
        duration_ms: DURATION_MS,
        cores: availableParallelism(),
        loadavg_1m: Number(loadavg()[0]!.toFixed(2)),
        verify_threads: threads,
        verify_per_s_per_core_wasm: Math.round(wasmPerS),
        verify_per_s_samples: ceilings.map((c) => Math.round(c)),
        verify_per_s_per_core_util_crypto_js: Math.round(jsPerS),
        verify_ceiling_rps: ceiling,
        bare_fastify_rps: bareRps,
        bare_p50_ms: +bareRes.p50Ms.toFixed(2),
        bare_p99_ms: +bareRes.p99Ms.toFixed(2),
        axon_rps: axonRps,
        axon_p50_ms: +axonRes.p50Ms.toFixed(2),
        axon_p99_ms: +axonRes.p99Ms.toFixed(2),
        axon_non200: axonRes.non200,
        axon_errors: axonRes.errors,
        axon_vs_bare: +(axonRps / bareRps).toFixed(3),
        axon_vs_verify_ceiling: +(axonRps / ceiling).toFixed(3),
        axon_vs_target_bound: +(axonRps / bound).toFixed(3),
        target_met: axonRps >= 0.6 * bound,
        presign_ms: Math.round(axonRes.presignMs),
        requests_presigned_per_worker: perWorker,
        workers_exhausted: axonRes.exhausted,
      }),
    );
  } finally {
    child.kill();
  }
}

if (process.argv.includes('--loadgen')) await loadgen();
else await main();
