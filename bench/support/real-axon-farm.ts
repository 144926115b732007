/**
 * Bench support: N real @subnetkit/axon Axons in one process (signature verification on, on the event loop), each
 * serving Dummy with a forward that sleeps D ms. Prints `FARM_READY {"normal":[ports],"hotkey":"…"}`; exits when
 * stdin closes.
 *   node --import tsx bench/support/real-axon-farm.ts --count 64 --delay-ms 20
 */
import { parseArgs } from 'node:util';
import { Axon } from '@subnetkit/axon';
import { Keypair } from '@subnetkit/wallet';
import { Dummy } from '../../examples/dummy/protocol.js';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '64' }, 'delay-ms': { type: 'string', default: '20' } },
});
const delay = Number(values['delay-ms']);
const signer = await Keypair.fromUri('//Bob');
const axons: Axon[] = [];
for (let i = 0; i < Number(values.count); i++) {
  const axon = new Axon({
    signer,
    port: 0,
    ip: '127.0.0.1',
    verifyThreads: 0,
    rateLimit: false,
    logLevel: 'silent',
    metrics: false,
  });
  axon.attach(Dummy, async (s) => {
    await new Promise((r) => setTimeout(r, delay));
    s.output = s.input * 2;
    return s;
  });
  await axon.start();
  axons.push(axon);
}
process.stdout.write(
  `FARM_READY ${JSON.stringify({ normal: axons.map((a) => a.port), hang: [], reset: [], hotkey: signer.address })}\n`,
);
process.stdin.resume();
const stop = async () => {
  await Promise.all(axons.map((a) => a.stop(500)));
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
