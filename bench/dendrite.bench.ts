/**
 * Dendrite fan-out: one `forward` of Dummy to 256 axons on 127.0.0.1, each answering after 20 ms. The SDK's
 * overhead is the wall time minus those 20 ms (target ≤ 100 ms). Servers live in child processes so the dendrite's
 * process does only client work. Prints ONE JSON line.
 *
 *   npm run bench -- dendrite                 (or: node --import tsx bench/dendrite.bench.ts)
 *   DENDRITE_BENCH_REAL_AXONS=0 …             skip the run against real Axons (signature verification on)
 *   DENDRITE_BENCH_RUNS=15 …                  timed forwards per configuration (default 9)
 *   DENDRITE_BENCH_FARM_NICE=10 …             run the stand-in axons at a lower CPU priority: on a small box they
 *                                             share the dendrite's cores, which axons on other machines do not
 *   DENDRITE_BENCH_SWEEP_ONLY=1 …             only the fan-out sweep below (K = 1, 16, 64, 256)
 *
 * Figures, each the median of RUNS warm forwards (connections kept alive from three untimed warm-up rounds), the
 * configurations taking turns forward by forward so that they meet the same machine:
 * - plain_keypair: node:http servers; requests signed by the wallet's Keypair on the dendrite's signing pool (the
 *   default: one worker thread per core, at most 4);
 * - plain_keypair_1_signing_thread: the same with signingThreads: 1;
 * - plain_keypair_main_thread: the same with signingThreads: 0 (every signature on the event loop);
 * - plain_wasm_signer: a plain `Signer` without a pool (a custom signer): signs on the event loop;
 * - real_axons_keypair: @subnetkit/axon Axons (verification on) in four more processes on the same cores.
 * - sweep: at K = 1, 16, 64 and 256 axons, the default Dendrite, one signing on the event loop, and a minimal undici
 *   loop that signs on the main thread (bench/support/undici-loop.ts) sending the same request bytes, taking turns;
 *   overhead medians and the dendrite/loop ratio per K (the target: ≤ 1 at every K), as a ratio of medians and as
 *   the median of round-by-round ratios (`_paired`). The same loop with the short body it sent before
 *   (`undici_loop_short_body`: only the synapse's own fields) runs too, for comparison with older figures.
 * Also the signing cost per request for both signers, the cold first forward (connections opened), the CPU time the
 * dendrite's process used per forward, and the load average (figures from a shared, loaded machine say so).
 */
import { availableParallelism, loadavg } from 'node:os';
import { Dendrite } from '@subnetkit/dendrite';
import { Keypair, type Signer } from '@subnetkit/wallet';
import { Dummy } from '../examples/dummy/protocol.js';
import { wasmTestSigner } from '../packages/dendrite/src/testing/wasm-signer.js';
import { startAxonFarms } from '../test/support/server-processes.js';
import { undiciLoop } from './support/undici-loop.js';

const N = 256;
const DELAY_MS = 20;
const RUNS = Number(process.env.DENDRITE_BENCH_RUNS ?? 9);
const FARM_NICE = Number(process.env.DENDRITE_BENCH_FARM_NICE ?? 0);
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round1 = (x: number) => Math.round(x * 10) / 10;

interface Config {
  name: string;
  signer: Signer;
  signingThreads?: number;
}

/**
 * Measures several dendrite configurations against the same axons, round-robin (one forward of each per round), so
 * that a slow spell of this shared machine hits every configuration alike instead of whichever ran then.
 */
async function measureAll(ports: number[], configs: Config[]) {
  const axons = ports.map((port) => ({ ip: '127.0.0.1', port, hotkey: BOB }));
  const runs = configs.map((c) => ({
    config: c,
    dendrite: new Dendrite({
      signer: c.signer,
      connectionsPerAxon: 4,
      ...(c.signingThreads === undefined ? {} : { signingThreads: c.signingThreads }),
    }),
    walls: [] as number[],
    cpus: [] as number[],
    cold: 0,
  }));
  const once = async (r: (typeof runs)[number], timed: boolean) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const out = await r.dendrite.forward(axons, Dummy, { input: 3 }, { timeout: 30, deserialize: false });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const ok = out.filter((s) => s.dendrite.status_code === 200 && s.output === 6).length;
    if (ok !== axons.length) {
      const bad = out.find((s) => s.dendrite.status_code !== 200);
      throw new Error(
        `${r.config.name}: ${axons.length - ok} of ${axons.length} failed: ${bad?.dendrite.status_code} ${bad?.dendrite.status_message}`,
      );
    }
    if (timed) {
      r.walls.push(ms);
      // CPU the dendrite's process spent per forward (signing threads included): the SDK's own cost, less
      // sensitive to other load than wall time.
      r.cpus.push((cpu.user + cpu.system) / 1000);
    }
    return ms;
  };
  // ready(): the signing workers have loaded, as they have in a validator that synced its metagraph first.
  for (const r of runs) await r.dendrite.ready();
  for (const r of runs) r.cold = await once(r, false);
  // Two more untimed rounds: the first forwards of a process include JIT warm-up (and the signing workers' start).
  for (let i = 0; i < 2; i++) for (const r of runs) await once(r, false);
  for (let i = 0; i < RUNS; i++) for (const r of runs) await once(r, true);
  const out: Record<string, unknown> = {};
  for (const r of runs) {
    await r.dendrite.close();
    const wall = median(r.walls);
    out[r.config.name] = {
      wall_ms_median: round1(wall),
      overhead_ms_median: round1(wall - DELAY_MS),
      overhead_ms_min: round1(Math.min(...r.walls) - DELAY_MS),
      cold_first_forward_ms: round1(r.cold),
      dendrite_cpu_ms_median: round1(median(r.cpus)),
    };
  }
  return out;
}

/**
 * Untimed forwards from a throwaway Dendrite before any configuration is measured: fresh farm processes (JIT, first
 * GCs) otherwise slow down whichever configuration runs first (measured: ~60-100 ms of its median).
 */
async function warmFarm(ports: number[], signer: Signer): Promise<void> {
  const axons = ports.map((port) => ({ ip: '127.0.0.1', port, hotkey: BOB }));
  const dendrite = new Dendrite({ signer, signingThreads: 0 });
  for (let i = 0; i < 6; i++) await dendrite.forward(axons, Dummy, { input: 3 }, { timeout: 30, deserialize: false });
  await dendrite.close();
}

const SWEEP_K = [1, 16, 64, 256];

/** Overhead per fan-out size K: the Dendrite (pool, and main-thread signing) against a minimal undici loop. */
async function measureSweep(ports: number[], keypair: Keypair) {
  // Alternate the two farm processes so that every K spreads over both.
  const half = ports.length / 2;
  const mixed = ports.slice(0, half).flatMap((p, i) => [p, ports[half + i] as number]);
  const pool = new Dendrite({ signer: keypair, connectionsPerAxon: 4 });
  const main = new Dendrite({ signer: keypair, connectionsPerAxon: 4, signingThreads: 0 });
  const loop = undiciLoop(keypair, 4, 'same');
  const shortLoop = undiciLoop(keypair, 4, 'short');
  await pool.ready();
  const opts = { timeout: 30, deserialize: false } as const;
  type Axon = { ip: string; port: number; hotkey: string };
  const contenders: [string, (axons: Axon[]) => Promise<unknown>][] = [
    ['dendrite', (axons) => pool.forward(axons, Dummy, { input: 3 }, opts)],
    ['dendrite_main_thread', (axons) => main.forward(axons, Dummy, { input: 3 }, opts)],
    ['undici_loop', (axons) => loop.forward(axons, 3)],
    ['undici_loop_short_body', (axons) => shortLoop.forward(axons, 3)],
  ];
  const out: Record<string, Record<string, number>> = {};
  try {
    for (const k of SWEEP_K) {
      const axons = mixed.slice(0, k).map((port) => ({ ip: '127.0.0.1', port, hotkey: BOB }));
      const walls = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
      const cpus = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
      for (let i = 0; i < 3; i++) for (const [, run] of contenders) await run(axons);
      const runs = k <= 64 ? Math.max(RUNS, 31) : RUNS;
      for (let i = 0; i < runs; i++) {
        for (const [name, run] of contenders) {
          const cpu0 = process.cpuUsage();
          const t0 = performance.now();
          await run(axons);
          walls.get(name)!.push(performance.now() - t0 - DELAY_MS);
          const cpu = process.cpuUsage(cpu0);
          cpus.get(name)!.push((cpu.user + cpu.system) / 1000);
        }
      }
      const row: Record<string, number> = {};
      for (const [name, w] of walls) row[`${name}_overhead_ms`] = round1(median(w));
      // CPU of this process per forward (signing workers included): less bent by other load than wall time.
      for (const [name, c] of cpus) row[`${name}_cpu_ms`] = round1(median(c));
      const ratio = (a: string, b: string) => {
        const x = walls.get(a)!;
        const y = walls.get(b)!;
        // Ratio of the medians, and the median of the round-by-round ratios (each round's forwards met the same
        // moment of the machine, so the paired figure is less bent by a slow spell).
        return [
          Math.round((median(x) / median(y)) * 100) / 100,
          Math.round(median(x.map((v, i) => v / y[i]!)) * 100) / 100,
        ] as const;
      };
      [row.dendrite_to_loop, row.dendrite_to_loop_paired] = ratio('dendrite', 'undici_loop');
      [row.dendrite_main_thread_to_loop, row.dendrite_main_thread_to_loop_paired] = ratio(
        'dendrite_main_thread',
        'undici_loop',
      );
      [row.dendrite_to_short_body_loop, row.dendrite_to_short_body_loop_paired] = ratio(
        'dendrite',
        'undici_loop_short_body',
      );
      out[`k${k}`] = row;
    }
  } finally {
    await Promise.all([pool.close(), main.close(), loop.close(), shortLoop.close()]);
  }
  return out;
}

function signUs(signer: Signer): number {
  const msg = `1795304537608313210.${signer.address}.${BOB}.2fa3f7e2-e605-11f1-84c0-02fc00000001.4fae6364bdbf7a0def40e782ea7656d4bc96dd42a6eaf71d62b977d74e733ecf`;
  for (let i = 0; i < 20; i++) signer.sign(msg);
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) signer.sign(msg);
  return round1(((performance.now() - t0) / 200) * 1000);
}

const keypair = await Keypair.fromUri('//Alice');
const wasm = await wasmTestSigner();
const figures: Record<string, unknown> = {
  bench: 'dendrite',
  axons: N,
  handler_sleep_ms: DELAY_MS,
  runs: RUNS,
  target_overhead_ms: 100,
  cores: availableParallelism(),
  loadavg_1m_at_start: round1(loadavg()[0]!),
  sign_us_keypair: signUs(keypair),
  sign_us_wasm_signer: signUs(wasm),
};

const farmArgs = ['--hotkey', BOB, '--normal', '128', '--delay-ms', String(DELAY_MS)];
const plain = await startAxonFarms(2, farmArgs, { perProcess: 128, nice: FARM_NICE });
const sweepOnly = process.env.DENDRITE_BENCH_SWEEP_ONLY === '1';
try {
  await warmFarm(plain.ports, wasm);
  figures.sweep = await measureSweep(plain.ports, keypair);
  if (!sweepOnly)
    Object.assign(
      figures,
      await measureAll(plain.ports, [
        { name: 'plain_keypair', signer: keypair },
        { name: 'plain_keypair_1_signing_thread', signer: keypair, signingThreads: 1 },
        { name: 'plain_keypair_main_thread', signer: keypair, signingThreads: 0 },
        { name: 'plain_wasm_signer', signer: wasm },
      ]),
    );
} finally {
  await plain.stop();
}

if (process.env.DENDRITE_BENCH_REAL_AXONS !== '0' && !sweepOnly) {
  const real = await startAxonFarms(4, ['--count', '64', '--delay-ms', String(DELAY_MS)], {
    script: 'bench/support/real-axon-farm.ts',
    perProcess: 64,
    nice: FARM_NICE,
  });
  try {
    await warmFarm(real.ports, wasm);
    Object.assign(figures, await measureAll(real.ports, [{ name: 'real_axons_keypair', signer: keypair }]));
  } finally {
    await real.stop();
  }
}
figures.loadavg_1m_at_end = round1(loadavg()[0]!);
console.log(JSON.stringify(figures));
