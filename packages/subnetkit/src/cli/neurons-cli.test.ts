/**
 * `subnetkit miner <entry>` and `subnetkit validator <entry>` as child processes (the real bin) on the author's modules
 * in src/testing/, against a localnet served over WebSocket: the miner publishes its axon, the validator queries it,
 * scores it and sets weights that land on chain; SIGINT stops both with exit code 0.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { getAxon } from '@subnetkit/chain';
import type { LocalnetServer } from '@subnetkit/localnet';
import { addStake, createSubnet, type Localnet, registerNeurons, startLocalnet } from '@subnetkit/localnet';
import { chainSource, Metagraph } from '@subnetkit/metagraph';
import { Keypair } from '@subnetkit/wallet';

const BIN = fileURLToPath(new URL('../../bin/subnetkit.js', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../testing/${name}`, import.meta.url));
const TAO = 1_000_000_000n;

let net: Localnet;
let server: LocalnetServer;
let netuid: number;
let dir: string;
let validatorUid: number;
let minerUid: number;
const children: ChildProcess[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'subnetkit-neurons-cli-'));
  net = await startLocalnet();
  ({ netuid } = await createSubnet(net, { owner: await Keypair.fromUri('//Alice') }));
  const vCold = await Keypair.fromUri('//Bob');
  const vHot = await Keypair.fromUri('//Bob//validator');
  const mHot = await Keypair.fromUri('//Charlie//miner');
  [validatorUid] = (await registerNeurons(net, { netuid, coldkey: vCold, hotkeys: [vHot] })) as [number];
  [minerUid] = (await registerNeurons(net, {
    netuid,
    coldkey: await Keypair.fromUri('//Charlie'),
    hotkeys: [mHot],
  })) as [number];
  await addStake(net, { netuid, hotkey: vHot.address, coldkey: vCold, amount: 1000n * TAO });
  await net.advanceToNextEpoch(netuid); // hands the staked validator its permit
  net.setIdleBlockTime(500);
  server = await net.serve({ port: 0 });
});

after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await server?.close();
  await net?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
  /** Resolves with the first stdout line matching `re` (rejects on exit or after `ms`). */
  line(re: RegExp, ms?: number): Promise<RegExpExecArray>;
}

function run(args: string[]): Running {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    out: () => out,
    err: () => err,
    exited,
    line: (re, ms = 180_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${re} in ${ms} ms:\n${out}\n${err}`)), ms);
        const check = () => {
          const m = re.exec(out);
          if (m) {
            clearTimeout(timer);
            child.stdout?.off('data', check);
            resolve(m);
          }
        };
        child.stdout?.on('data', check);
        check();
        void exited.then((code) => reject(new Error(`exited ${code} before ${re}:\n${out}\n${err}`)));
      }),
  };
}

test('subnetkit miner + subnetkit validator on author modules: the miner serves, the validator sets weights', {
  timeout: 600_000,
}, async () => {
  const chain = server.url;
  const miner = run([
    'miner',
    fixture('double-miner.ts'),
    '--chain',
    chain,
    '--netuid',
    String(netuid),
    '--hotkey-uri',
    '//Charlie//miner',
    '--axon.ip',
    '127.0.0.2',
    '--logging.level',
    'warn',
  ]);
  const port = Number((await miner.line(/^MINER_READY (\d+)$/m))[1]);
  assert.ok(port > 0, 'the definition’s axonPort 0 picked a free port');
  const client = await net.client();
  const published = await getAxon(client, netuid, (await Keypair.fromUri('//Charlie//miner')).address);
  assert.deepEqual([published?.ip, published?.port], ['127.0.0.2', port], 'serve_axon published the axon');

  const validator = run([
    'validator',
    fixture('double-validator.ts'),
    `--chain=${chain}`,
    '--netuid',
    String(netuid),
    '--hotkey-uri',
    '//Bob//validator',
    '--state-path',
    join(dir, 'validator.json'),
    '--step-interval-ms',
    '500',
    '--weights-every-blocks',
    '1',
    '--sync-every-blocks',
    '1',
    '--logging.level',
    'warn',
  ]);
  await validator.line(/^VALIDATOR_READY uid (\d+)$/m);
  const weighted = await validator.line(
    /^step \d+ block \d+: 1 miners queried, 1 answered, mean score [\d.]+; weights set at block (\d+)$/m,
  );
  assert.ok(Number(weighted[1]) > 0);

  // On chain: the validator's weight row points at the miner.
  const mg = await new Metagraph(netuid, chainSource(client)).sync({ lite: false });
  const row = mg.weights[validatorUid] ?? new Float64Array();
  assert.ok((row[minerUid] ?? 0) > 0, `weights on chain from uid ${validatorUid}: [${Array.from(row)}]`);

  validator.child.kill('SIGINT');
  miner.child.kill('SIGTERM');
  assert.equal(await validator.exited, 0, validator.err());
  assert.equal(await miner.exited, 0, miner.err());
  assert.match(miner.err(), /SIGTERM received, stopping/);
  assert.doesNotMatch(miner.err() + validator.err(), /\n\s+at /, 'no stack trace');
});

test('a miner whose hotkey is not registered fails with one sentence and exit code 1', {
  timeout: 300_000,
}, async () => {
  const miner = run([
    'miner',
    fixture('double-miner.ts'),
    '--chain',
    server.url,
    '--netuid',
    String(netuid),
    '--hotkey-uri',
    '//Eve//stranger',
    '--axon.ip',
    '127.0.0.3',
  ]);
  assert.equal(await miner.exited, 1);
  assert.match(
    miner.err(),
    /^subnetkit miner: \[NEURON_NOT_REGISTERED\] hotkey 5\w+ is not registered on subnet \d+: register it first/m,
  );
  assert.doesNotMatch(miner.err(), /\n\s+at /);
});

test('weights set again within the rate limit: one sentence with the blocks to go, exit code 1', {
  timeout: 300_000,
}, async () => {
  await net.setHyperparams(netuid, { weightsRateLimit: 1000 });
  const args = ['weights', 'set', '--chain', server.url, '--netuid', String(netuid), '--uids', String(minerUid)];
  const keys = ['--uri', '//Bob', '--hotkey-uri', '//Bob//validator'];
  // The first may land (the validator's weights can be older than any limit), the second is refused for sure.
  const first = run([...args, '--weights', '1', ...keys]);
  await first.exited;
  const second = run([...args, '--weights', '1', ...keys]);
  assert.equal(await second.exited, 1, second.err());
  const last = second.err().trim().split('\n').at(-1) ?? '';
  const m =
    /^subnetkit weights set: Weights were set too recently on subnet \d+: (\d+) blocks to go \(WeightsSetRateLimit is 1000 blocks, last update at block (\d+)\); run the command again at block (\d+) or later\.$/.exec(
      last,
    );
  assert.ok(m, last);
  assert.ok(Number(m[1]) > 900 && Number(m[1]) <= 1000, `blocks to go: ${m[1]}`);
  assert.equal(Number(m[3]), Number(m[2]) + 1000);
});
