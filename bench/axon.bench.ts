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
import {
  cryptoWaitReady,
  encodeAddress,
  sr25519Verify as jsVerify,
  keyExtractSuri,
  keyFromPath,
  mnemonicToMiniSecret,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
import { sr25519Sign, sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
import { Axon } from '@subnetkit/axon';
import {
  bodyHash,
  defineSynapse,
  encodeJsonBody,
  PROTOCOL_VERSION,
  signatureToHex,
  signedMessage,
  t,
  toHeaders,
} from '@subnetkit/synapse';
import type { Signer } from '@subnetkit/wallet';
import Fastify from 'fastify';
import { Pool } from 'undici';

const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { input: t.int(), output: t.int().optional() },
  hashFields: ['input'],
});
const CONCURRENCY = 64;
const DURATION_MS = Number(process.env.AXON_BENCH_MS ?? 6000);
const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

/** A dev key (//Alice, //Bob) whose signing uses the WASM schnorrkel (fast enough to pre-sign tens of thousands). */
function devSigner(uri: string): Signer {
  const pair = keyFromPath(
    sr25519PairFromSeed(mnemonicToMiniSecret(DEV_PHRASE)),
    keyExtractSuri(`${DEV_PHRASE}${uri}`).path,
    'sr25519',
  );
  return {
    address: encodeAddress(pair.publicKey, 42),
    publicKey: pair.publicKey,
    sign: (m) => sr25519Sign(pair.publicKey, pair.secretKey, typeof m === 'string' ? new TextEncoder().encode(m) : m),
  };
}

interface LoadResult {
  completed: number;
  non200: Record<string, number>;
  errors: number;
  elapsedMs: number;
  p50Ms: number;
  p99Ms: number;
  presignMs: number;
  exhausted: number;
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
      const nowNs = BigInt(Date.now()) * 1_000_000n;
      const lists: { headers: Record<string, string>; body: string }[][] = [];
      for (let w = 0; w < CONCURRENCY; w++) {
        const uuid = randomUUID();
        const list: { headers: Record<string, string>; body: string }[] = [];
        for (let k = 0; k < msg.perWorker; k++) {
          const s = Dummy.create({
            input: w * 100_000 + k,
            // The widest window the axon allows (4 s + its 60 s cap), so pre-signing time never makes a first nonce stale.
            timeout: 60,
            dendrite: {
              ip: '127.0.0.1',
              version: PROTOCOL_VERSION,
              nonce: nowNs + BigInt(k),
              uuid,
              hotkey: alice.address,
            },
            axon: { ip: '127.0.0.1', port: msg.port, hotkey: msg.axonHotkey },
          });
          const hash = bodyHash(Dummy, s);
          const m = signedMessage({
            nonce: s.dendrite.nonce!,
            dendriteHotkey: alice.address,
            axonHotkey: msg.axonHotkey,
            uuid,
            bodyHash: hash,
          });
          // The bare route ignores signatures: same bytes on the wire, no signing cost before its run.
          s.dendrite.signature = msg.sign ? signatureToHex(alice.sign(m)) : `0x${'00'.repeat(64)}`;
          const headers: Record<string, string> = Object.fromEntries(toHeaders(Dummy, s, { bodyHash: hash }));
          headers['content-type'] = 'application/json';
          list.push({ headers, body: encodeJsonBody(Dummy, s) });
        }
        lists.push(list);
      }
      const presignMs = performance.now() - t0;
      const pool = new Pool(`http://127.0.0.1:${msg.port}`, { connections: CONCURRENCY, pipelining: 1 });
      const lat: number[] = [];
      const non200: Record<string, number> = {};
      let errors = 0;
      let exhausted = 0;
      const start = performance.now();
      const stopAt = start + msg.durationMs;
      let last = start;
      await Promise.all(
        lists.map(async (list) => {
          for (const req of list) {
            if (performance.now() >= stopAt) return;
            const a = performance.now();
            try {
              const res = await pool.request({ path: '/Dummy', method: 'POST', headers: req.headers, body: req.body });
              await res.body.text();
              if (res.statusCode !== 200) non200[res.statusCode] = (non200[res.statusCode] ?? 0) + 1;
            } catch {
              errors++;
            }
            const b = performance.now();
            lat.push(b - a);
            last = b;
          }
          exhausted++;
        }),
      );
      await pool.close();
      lat.sort((x, y) => x - y);
      const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0;
      const result: LoadResult = {
        completed: lat.length,
        non200,
        errors,
        elapsedMs: last - start,
        p50Ms: q(0.5),
        p99Ms: q(0.99),
        presignMs,
        exhausted,
      };
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
  const messages: unknown[] = [];
  let wake: (() => void) | undefined;
  child.on('message', (m) => {
    messages.push(m);
    wake?.();
  });
  const next = async <T>(): Promise<T> => {
    while (messages.length === 0) await new Promise<void>((r) => (wake = r));
    return messages.shift() as T;
  };
  await next<'ready'>();
  // A short untimed run first, so JIT warm-up (fastify, the codec, the worker) is not measured.
  const warmUp = async (port: number, sign: boolean) => {
    child.send({ port, axonHotkey: bob.address, perWorker: 25, durationMs: 1500, sign });
    await next<LoadResult>();
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
    const bareRes = await next<LoadResult>();
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
    const axonRes = await next<LoadResult>();
    await axon.stop();
    ceilings.push(verifyRate(verifyOnce, 1000));
    const wasmPerS = ceilings.reduce((a, b) => a + b, 0) / ceilings.length;

    const rps = (r: LoadResult) => Math.round((r.completed / r.elapsedMs) * 1000);
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
