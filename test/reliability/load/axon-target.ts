/**
 * The axon under load, in its own process (forked with an IPC channel by the load suite): the //Bob hotkey serving
 * Dummy with a forward that takes `--forward-ms`, so its capacity is `--concurrency / forward` requests per second,
 * and a small `--queue`. Everything else is the axon's default (signature checks on its worker threads, per-hotkey rate
 * limit, connection caps). Sends `{ ready: { port, hotkey } }`, then answers `'stats'` with its figures (process-figures.ts)
 * and the largest queue and in-flight count seen since the last ask. Exits when the channel closes.
 */
import { parseArgs } from 'node:util';
import { Axon } from '@subnetkit/axon';
import { Keypair } from '@subnetkit/wallet';
import { Dummy } from '../../../examples/dummy/protocol.js';
import { type ProcessFigures, serveFigures } from './process-figures.js';

const { values } = parseArgs({
  options: {
    'forward-ms': { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
    queue: { type: 'string', default: '16' },
  },
});
const forwardMs = Number(values['forward-ms']);

const axon = new Axon({
  signer: await Keypair.fromUri('//Bob'),
  port: 0,
  ip: '127.0.0.1',
  maxConcurrency: Number(values.concurrency),
  maxQueue: Number(values.queue),
  logLevel: 'silent',
});
axon.attach(Dummy, async (s, { signal }) => {
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, forwardMs);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
      { once: true },
    );
  });
  s.output = s.input * 2;
  return s;
});
await axon.start();

// The queue is the axon's to bound: sample it often enough to see its peak.
let peakQueued = 0;
let peakInFlight = 0;
setInterval(() => {
  peakQueued = Math.max(peakQueued, axon.load.queued);
  peakInFlight = Math.max(peakInFlight, axon.load.inFlight);
}, 5).unref();

export interface TargetStats extends ProcessFigures {
  peakQueued: number;
  peakInFlight: number;
  load: { inFlight: number; queued: number };
}

serveFigures(
  () => {
    const out = { peakQueued, peakInFlight, load: axon.load };
    peakQueued = 0;
    peakInFlight = 0;
    return out;
  },
  () => axon.stop(1000),
);
process.send!({ ready: { port: axon.port, hotkey: axon.hotkey } });
