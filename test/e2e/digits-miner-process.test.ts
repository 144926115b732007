// A digits miner as its own process (examples/digits/miner.ts) against a localnet ws endpoint: it publishes its axon,
// answers a validator's challenge of held-out digits through its batcher, shows its model in /health, and stops on
// SIGTERM with exit code 0.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { getAxon } from '@subnetkit/chain';
import { Dendrite } from '@subnetkit/dendrite';
import { addStake, createSubnet, registerNeurons, startLocalnet } from '@subnetkit/localnet';
import { tensor } from '@subnetkit/synapse';
import { Keypair } from '@subnetkit/wallet';
import { gather, loadDigits, SIDE, splitDigits } from '../../examples/digits/data.js';
import { Digits } from '../../examples/digits/protocol.js';
import { accuracyOfAnswer } from '../../examples/digits/reward.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

test('the digits miner process serves its trained model to a registered validator, then stops on SIGTERM', async () => {
  const net = await startLocalnet();
  const server = await net.serve({ port: 0 });
  const dendrite = new Dendrite({ signer: await Keypair.fromUri('//Bob//validator'), signingThreads: 0 });
  let child: ReturnType<typeof spawn> | undefined;
  try {
    const client = await net.client();
    const { netuid } = await createSubnet(net, { owner: await Keypair.fromUri('//Alice') });
    const vHot = await Keypair.fromUri('//Bob//validator');
    const mHot = await Keypair.fromUri('//Charlie//digits');
    await registerNeurons(net, { netuid, coldkey: await Keypair.fromUri('//Bob'), hotkeys: [vHot] });
    await registerNeurons(net, { netuid, coldkey: await Keypair.fromUri('//Charlie'), hotkeys: [mHot] });
    await addStake(net, { netuid, hotkey: vHot.address, coldkey: await Keypair.fromUri('//Bob'), amount: 10n ** 12n });

    const args = ['--profile', 'mlp', '--endpoint', server.url, '--netuid', String(netuid)];
    args.push('--hotkey-uri', '//Charlie//digits', '--axon-ip', '127.0.0.7', '--axon-port', '0', '--log-level', 'warn');
    const proc = spawn(process.execPath, ['--import', 'tsx', 'examples/digits/miner.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, NODE_TEST_CONTEXT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let stderr = '';
    proc.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /MINER_READY 127\.0\.0\.7:(\d+) uid \d+ mlp on tfjs-/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      proc.once('exit', (code) => reject(new Error(`the miner exited early with ${code}: ${out}\n${stderr}`)));
    });
    const published = await getAxon(client, netuid, mHot.address);
    assert.deepEqual([published?.ip, published?.port], ['127.0.0.7', port], 'published with serve_axon');

    const digits = loadDigits();
    const picks = splitDigits(digits.count).heldOut.slice(0, 64);
    const { images, labels } = gather(digits, picks);
    const target = { ip: '127.0.0.7', port, hotkey: mHot.address };
    const answer = await dendrite.call(
      target,
      Digits,
      { images: tensor(images, [picks.length, SIDE, SIDE]) },
      { deserialize: false, timeout: 20, bodyFormat: 'msgpack' },
    );
    assert.equal(answer.dendrite.status_code, 200, answer.dendrite.status_message ?? '');
    assert.deepEqual(answer.probs?.shape, [64, 10]);
    assert.ok(accuracyOfAnswer(answer.probs, labels) > 0.8, 'the trained MLP gets most held-out digits right');

    const health = (await (await fetch(`http://127.0.0.7:${port}/health`)).json()) as {
      models?: Record<string, { backend: string; engine: string; maxBatch: number }>;
    };
    assert.equal(health.models?.mlp?.backend, 'tfjs');
    assert.match(health.models?.mlp?.engine ?? '', /^tfjs-/);

    proc.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
    assert.equal(code, 0, `exit code after SIGTERM: ${stderr}`);
  } finally {
    child?.kill('SIGKILL');
    await dendrite.close();
    await server.close();
    await net.close();
  }
});

test('the digits miner process refuses an unknown profile before touching the chain (exit 2)', async () => {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'examples/digits/miner.ts', '--profile', 'huge', '--netuid', '2'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
  assert.equal(code, 2);
  assert.match(stderr, /unknown miner profile 'huge'; one of cnn, mlp, noisy, slow, tiny/);
});
