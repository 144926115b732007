// `npm run demo` shortened: the digits subnet as a user runs it (a child process with --json), one Yuma epoch after
// the permit epoch. Real runtime, real Axons, real models; the claim checked is the demo's: incentive follows quality.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';

interface Neuron {
  uid: number;
  role: 'validator' | 'miner';
  quality: string;
  backend: string;
  incentive: number;
  dividends: number;
  emission: string;
  accuracy?: number;
  latencyS?: number;
}

function runDemo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/digits/run.ts', ...args], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: { ...process.env, NODE_TEST_CONTEXT: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('the digits subnet: better miners end with more incentive, the last stdout line is the JSON report', async () => {
  const { code, stdout, stderr } = await runDemo(['--epochs', '1', '--validators', '1', '--json']);
  assert.equal(code, 0, `exit code ${code}\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`);
  const lines = stdout.trim().split('\n');
  const report = JSON.parse(lines.at(-1) as string) as {
    epochs: number;
    incentiveFollowsQuality: boolean;
    neurons: Neuron[];
    validators: { uid: number; scores: number[] }[];
  };
  assert.equal(report.epochs, 1);
  assert.ok(
    lines.some((l) => /validator 1 step \d+ block \d+: 5 miners queried, 5 answered/.test(l)),
    'progress lines',
  );
  assert.ok(
    lines.some((l) => l.startsWith('uid  role')),
    'the metagraph table',
  );

  const miner = (label: string) => {
    const n = report.neurons.find((x) => x.role === 'miner' && x.quality.startsWith(label));
    assert.ok(n, `a ${label} miner in ${stdout.slice(-2000)}`);
    return n;
  };
  const [cnn, mlp, noisy, slow, tiny] = ['strong', 'good', 'noisy', 'slow', 'weak'].map(miner) as Neuron[] &
    [Neuron, Neuron, Neuron, Neuron, Neuron];
  const table = JSON.stringify(report.neurons.map((n) => [n.quality, n.incentive.toFixed(3), n.accuracy?.toFixed(2)]));
  // Both backends served: the CNN miner through onnxruntime, the others through tfjs.
  assert.match(cnn.backend, /^onnx/);
  assert.match(mlp.backend, /^tfjs/);
  // What the validator measured over the wire.
  assert.ok(cnn.accuracy! > 0.85 && mlp.accuracy! > 0.8, table);
  assert.ok(tiny.accuracy! < 0.5, table);
  assert.ok(slow.latencyS! > 1.1, `slow miner latency ${slow.latencyS}`);
  // Incentive follows quality tier by tier.
  for (const good of [cnn, mlp]) assert.ok(good.incentive > noisy.incentive, `strong > noisy: ${table}`);
  assert.ok(noisy.incentive > slow.incentive, `noisy > slow: ${table}`);
  assert.ok(slow.incentive > tiny.incentive, `slow > tiny: ${table}`);
  assert.equal(report.incentiveFollowsQuality, true);
  // Emission reached the miners and the validator earned dividends; its final scores are reported per uid.
  for (const n of report.neurons.filter((x) => x.role === 'miner')) assert.ok(BigInt(n.emission) > 0n, table);
  const validator = report.neurons.find((n) => n.role === 'validator');
  assert.ok(validator && validator.dividends > 0);
  assert.equal(report.validators.length, 1);
  const scores = report.validators[0]!.scores;
  assert.ok(scores[cnn.uid]! > scores[tiny.uid]!, `validator scores ${scores}`);
});

test('bad flags are refused before anything starts, with the flag named (exit 2)', async () => {
  const { code, stderr } = await runDemo(['--device', 'tpu']);
  assert.equal(code, 2);
  assert.match(stderr, /--device must be cpu, gpu or auto, got 'tpu'/);
  const bad = await runDemo(['--epochs', 'many']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--epochs must be a whole number from 1 to 100, got 'many'/);
  const tooMany = await runDemo(['--miners', '6']);
  assert.equal(tooMany.code, 2);
  assert.match(tooMany.stderr, /--miners must be a whole number from 1 to 5, got '6'/);
});
