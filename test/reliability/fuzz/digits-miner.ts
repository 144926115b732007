/**
 * A digits miner for the fuzz, in its own process and without a chain: the example's own pieces (examples/digits:
 * the tiny recipe's network, untrained, exported to ONNX as the cnn miner serves it, wrapped in `ChallengeModel`,
 * behind the batcher with the miners' settings and `serveModel` on the Digits synapse), on an Axon with its defaults.
 * Prints `AXON_READY 127.0.0.1:<port> <hotkey>` like examples/dummy/miner.ts; stops on SIGTERM.
 */
import { Axon } from '@subnetkit/axon';
import { createBatcher, exportOnnx, loadModel } from '@subnetkit/inference';
import { serveModel } from '@subnetkit/inference/axon';
import { Keypair } from '@subnetkit/wallet';
import { ChallengeModel } from '../../../examples/digits/challenge-model.js';
import { buildModel, TINY } from '../../../examples/digits/models.js';
import { Digits } from '../../../examples/digits/protocol.js';
import { trainingBackend } from '../../../examples/digits/tfjs.js';

await trainingBackend();
const net = buildModel(TINY);
const digits = await loadModel(exportOnnx(net), { backend: 'onnx', device: 'cpu' });
net.dispose();
const model = new ChallengeModel(digits);
await model.warmup();
const batcher = createBatcher(model, { name: 'tiny', maxBatch: 8, maxWaitMs: 2, maxQueue: 64 });
const axon = new Axon({ signer: await Keypair.fromUri('//Bob'), port: 0, ip: '127.0.0.1', logLevel: 'error' });
serveModel(axon, Digits, batcher, { toInput: 'images', fromOutput: 'probs' });
await axon.start();
process.stdout.write(`AXON_READY 127.0.0.1:${axon.port} ${axon.hotkey}\n`);
process.once('SIGTERM', () => {
  void axon
    .stop(1000)
    .then(() => batcher.close())
    .then(() => model.dispose())
    .then(() => process.exit(0));
});
