/**
 * A dendrite fanning out to 256 axons round after round, as a validator does for weeks: 256 axon-like servers in two
 * processes (packages/dendrite/src/testing/axon-farm.ts: node:http, Dummy answered as the Python axon does; no
 * signature check, so the farm's cost stays small beside the dendrite's), one dendrite here, up to ROUNDS (1,000)
 * forwards of Dummy to all of them, bounded in time by LOAD_DENDRITE_SECONDS (80). After a warm-up of WARM rounds the
 * dendrite's socket descriptors, TCP handles, heap and RSS are taken, and again at the end: no socket or memory
 * growth. Every answer must be 200 with the right output.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Dendrite } from '@subnetkit/dendrite';
import { Keypair } from '@subnetkit/wallet';
import { Dummy } from '../../examples/dummy/protocol.js';
import { type ServerProcesses, startAxonFarms } from '../support/server-processes.js';
import { type ProcessFigures, processFigures } from './load/process-figures.js';
import { figures, percentile } from './support.js';

const AXONS = 256;
const FARMS = 2;
const ROUNDS = Number(process.env.LOAD_DENDRITE_ROUNDS ?? 1000);
const WARM = 30;
const BUDGET_MS = Number(process.env.LOAD_DENDRITE_SECONDS ?? 80) * 1000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
let farms: ServerProcesses | undefined;
const ports: number[] = [];

before(async () => {
  farms = await startAxonFarms(FARMS, ['--hotkey', BOB, '--normal', String(AXONS / FARMS)]);
  ports.push(...farms.ports);
});
after(() => farms?.stop());

/**
 * This process's figures once idle: after a pause (undici keeps idle sockets unref'd, so only then do the active TCP
 * handles count what is held rather than what is in flight) and a full garbage collection.
 */
async function settledFigures(): Promise<ProcessFigures> {
  await new Promise((r) => setTimeout(r, 500));
  gc();
  return processFigures();
}

test(`a dendrite fanning out to ${AXONS} axons for up to ${ROUNDS} rounds holds its sockets and memory`, {
  timeout: BUDGET_MS + 120_000,
}, async () => {
  const axons = ports.map((port) => ({ ip: '127.0.0.1', port, hotkey: BOB }));
  assert.equal(axons.length, AXONS);
  const dendrite = new Dendrite({ signer: await Keypair.fromUri('//Alice') });
  await dendrite.ready();
  const walls: number[] = [];
  const failures: string[] = [];
  let warm: ProcessFigures | undefined;
  let peakSockets = 0;
  let peakRss = 0;
  const t0 = performance.now();
  let rounds = 0;
  try {
    while (rounds < ROUNDS && (performance.now() - t0 < BUDGET_MS || rounds < WARM + 1)) {
      const a = performance.now();
      const out = await dendrite.forward(axons, Dummy, { input: rounds }, { timeout: 12, deserialize: false });
      walls.push(performance.now() - a);
      for (const s of out)
        if (s.dendrite.status_code !== 200 || s.output !== rounds * 2)
          if (failures.length < 10)
            failures.push(`round ${rounds}: ${s.dendrite.status_code} ${s.dendrite.status_message}`);
      rounds++;
      if (rounds === WARM) warm = await settledFigures();
      if (rounds % 25 === 0) {
        const f = processFigures();
        peakSockets = Math.max(peakSockets, f.socketFds);
        peakRss = Math.max(peakRss, f.rssMb);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const end = await settledFigures();
    const sorted = walls.slice(WARM).sort((x, y) => x - y);
    const round = (x: number) => Math.round(x * 10) / 10;
    const tcp = (f: ProcessFigures) => f.resources.TCPSocketWrap ?? 0;
    figures('load-dendrite', {
      axons: AXONS,
      rounds,
      requests: rounds * AXONS,
      seconds: round(seconds),
      forwardP50Ms: round(percentile(sorted, 0.5)),
      forwardP99Ms: round(percentile(sorted, 0.99)),
      failures: failures.length,
      socketFds: { afterWarmUp: warm!.socketFds, peak: peakSockets, end: end.socketFds },
      tcpHandles: { afterWarmUp: tcp(warm!), end: tcp(end) },
      rssMb: { afterWarmUp: round(warm!.rssMb), peak: round(peakRss), end: round(end.rssMb) },
      heapMb: { afterWarmUp: round(warm!.heapMb), end: round(end.heapMb) },
    });
    assert.deepEqual(failures, [], 'every answer is 200 with the right output');
    // A loaded machine runs fewer than ROUNDS within the time bound, but never so few
    // that growth after the warm-up goes unmeasured.
    const least = Math.min(ROUNDS, WARM + 70);
    assert.ok(rounds >= least, `only ${rounds} rounds ran within ${BUDGET_MS / 1000} s (at least ${least} needed)`);
    // One keep-alive connection per axon suffices for one request per round: no growth beyond the warm-up's, neither
    // during the run nor at the end (a second connection per axon appeared when a round's requests were sent before
    // the last round's connections were back in their pools: packages/dendrite/src/origin-reuse.ts).
    assert.ok(
      peakSockets <= warm!.socketFds + 8,
      `sockets grew from ${warm!.socketFds} to ${peakSockets} during the run`,
    );
    assert.ok(end.socketFds <= warm!.socketFds + 8, `sockets grew from ${warm!.socketFds} to ${end.socketFds}`);
    assert.ok(tcp(end) <= tcp(warm!) + 8, `TCP handles grew from ${tcp(warm!)} to ${tcp(end)}`);
    assert.ok(end.heapMb < warm!.heapMb + 16, `heap grew from ${round(warm!.heapMb)} to ${round(end.heapMb)} MB`);
    assert.ok(end.rssMb < warm!.rssMb + 64, `RSS grew from ${round(warm!.rssMb)} to ${round(end.rssMb)} MB`);
  } finally {
    await dendrite.close();
  }
});
