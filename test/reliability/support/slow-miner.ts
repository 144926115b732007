/**
 * A miner whose forward takes DELAY_MS (default 60 s), as its own process: an Axon with the Dummy synapse and the
 * //Bob hotkey on a free port of 127.0.0.1. Prints `AXON_READY <port> <hotkey>` once serving and `HANDLING <input>`
 * when a request reaches the forward, so a test can kill it exactly mid-request.
 */
import { Axon } from '@subnetkit/axon';
import { Keypair } from '@subnetkit/wallet';
import { Dummy, double } from '../../../examples/dummy/protocol.js';

const delayMs = Number(process.env.DELAY_MS ?? 60_000);
const axon = new Axon({ signer: await Keypair.fromUri('//Bob'), port: 0, ip: '127.0.0.1' });
axon.attach(Dummy, async (synapse) => {
  process.stdout.write(`HANDLING ${synapse.input}\n`);
  await new Promise((r) => setTimeout(r, delayMs));
  synapse.output = double(synapse.input);
  return synapse;
});
await axon.start();
process.stdout.write(`AXON_READY ${axon.port} ${axon.hotkey}\n`);
