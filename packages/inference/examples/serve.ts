/**
 * A model-serving miner in a few lines, and a validator asking it: build a small tfjs model (train it in real use),
 * save it, export it to ONNX, load it on the best backend, batch it behind an Axon, and query it with a Dendrite.
 *
 *   node --import tsx packages/inference/examples/serve.ts
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Axon } from '@subnetkit/axon';
import { Dendrite } from '@subnetkit/dendrite';
import { createBatcher, exportOnnx, loadModel, saveTfjsModel, selectTfjsEngine } from '@subnetkit/inference';
import { serveModel } from '@subnetkit/inference/axon';
import { defineSynapse, t, tensor, tensorData } from '@subnetkit/synapse';
import { Keypair } from '@subnetkit/wallet';
import * as tfl from '@tensorflow/tfjs-layers';

// The protocol: an image in, class probabilities out.
const Classify = defineSynapse({
  name: 'Classify',
  fields: { image: t.tensor(), probs: t.tensor().optional() },
  hashFields: ['image'],
});

export async function main(): Promise<{ engine: string; probs: number[]; health: unknown }> {
  const dir = await mkdtemp(join(tmpdir(), 'subnetkit-example-'));
  try {
    // 1. A model. Pick a tfjs engine first (tfjs-node-gpu > tfjs-node > wasm > cpu), then build or train.
    await selectTfjsEngine('auto', { warn: () => {} });
    const net = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 32, inputShape: [784], activation: 'relu' }),
        tfl.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    await saveTfjsModel(net, join(dir, 'mlp')); // model.json + weights.bin, loadable with loadModel(dir)
    await writeFile(join(dir, 'mlp.onnx'), exportOnnx(net));

    // 2. The miner: load (onnxruntime here; SUBNETKIT_BACKEND / SUBNETKIT_DEVICE override), batch, serve.
    const model = await loadModel(join(dir, 'mlp.onnx'), { device: 'auto', warn: () => {} });
    const batcher = createBatcher(model, { name: 'mlp', maxBatch: 32, maxWaitMs: 2, maxQueue: 1024 });
    const axon = new Axon({ signer: await Keypair.fromUri('//Bob'), port: 0, ip: '127.0.0.1' });
    serveModel(axon, Classify, batcher, { toInput: 'image', fromOutput: 'probs' });
    await axon.start();

    // 3. A validator asks it.
    const dendrite = new Dendrite({ signer: await Keypair.fromUri('//Alice') });
    const image = tensor(new Float32Array(784).fill(0.5), [784]);
    const answer = await dendrite.call(
      { ip: '127.0.0.1', port: axon.port, hotkey: axon.hotkey },
      Classify,
      { image },
      { deserialize: false },
    );
    const probs = Array.from(tensorData(answer.probs ?? { buffer: null, dtype: '', shape: [] }) ?? [], Number);
    const health = await (await fetch(`http://127.0.0.1:${axon.port}/health`)).json();

    await dendrite.close();
    await axon.stop();
    await batcher.close();
    await model.dispose();
    return { engine: model.engine, probs, health };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { engine, probs, health } = await main();
  console.log(`served on ${engine}; probabilities ${probs.map((p) => p.toFixed(3)).join(' ')}`);
  console.log(JSON.stringify(health, null, 2));
}
