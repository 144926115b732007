/**
 * Miner and Validator on the real in-process localnet with real sockets: who a miner refuses, a reward function that
 * throws, a validator killed with SIGKILL mid-step and restarted, a miner process stopped with SIGTERM mid-request,
 * and a uid whose hotkey changes on chain.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildNamedCall, type ChainClient, getAxon } from '@subnetkit/chain';
import { Dendrite } from '@subnetkit/dendrite';
import { addStake, createSubnet, type Localnet, registerNeurons, startLocalnet } from '@subnetkit/localnet';
import { Keypair } from '@subnetkit/wallet';
import { Miner, StateStore, type StepSummary, Validator } from 'subnetkit';
import { Dummy, double } from '../../examples/dummy/protocol.js';

const TAO = 1_000_000_000n;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

let net: Localnet;
let client: ChainClient;
let netuid: number;
let dir: string;
let validatorHot: Keypair;
let minerCold: Keypair;
let minerHots: Keypair[];
const miners: Miner[] = [];
/** The second miner answers after this many ms (the SIGKILL test slows it down to catch the validator mid-step). */
let slowDelayMs = 50;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neurons-test-'));
  net = await startLocalnet();
  client = await net.client();
  ({ netuid } = await createSubnet(net, { owner: await Keypair.fromUri('//Alice') }));
  const validatorCold = await Keypair.fromUri('//Bob');
  validatorHot = await Keypair.fromUri('//Bob//validator');
  minerCold = await Keypair.fromUri('//Charlie');
  minerHots = [await Keypair.fromUri('//Charlie//m1'), await Keypair.fromUri('//Charlie//m2')];
  await registerNeurons(net, { netuid, coldkey: validatorCold, hotkeys: [validatorHot] });
  await registerNeurons(net, { netuid, coldkey: minerCold, hotkeys: minerHots });
  await addStake(net, { netuid, hotkey: validatorHot.address, coldkey: validatorCold, amount: 1000n * TAO });
  for (const [i, signer] of minerHots.entries()) {
    const miner = new Miner({
      netuid,
      client,
      signer,
      axonIp: `127.0.0.${i + 2}`,
      axonPort: 0,
      syncEveryBlocks: 1,
      handleSignals: false,
      // The second miner serves only staked callers (the validator has 1000 TAO; the miners none).
      ...(i === 1 ? { minStake: 100 } : {}),
    });
    miner.attach(Dummy, async (synapse) => {
      if (i === 1) await new Promise((r) => setTimeout(r, slowDelayMs));
      synapse.output = double(synapse.input);
    });
    miners.push(await miner.start());
  }
});

after(async () => {
  await Promise.all(miners.map((m) => m.close()));
  await net?.close();
  await rm(dir, { recursive: true, force: true });
});

test('a miner publishes its axon with serve_axon and refuses callers the chain does not vouch for with 403', async () => {
  const [fast, staked] = miners as [Miner, Miner];
  const published = await getAxon(client, netuid, minerHots[0]!.address);
  assert.deepEqual([published?.ip, published?.port], ['127.0.0.2', fast.axon.port]);
  const target = (m: Miner) => ({ ip: m.axon.info().ip, port: m.axon.port, hotkey: m.hotkey as string });

  const stranger = new Dendrite({ signer: await Keypair.fromUri('//Eve//stranger'), signingThreads: 0 });
  const validator = new Dendrite({ signer: validatorHot, signingThreads: 0 });
  const unstaked = new Dendrite({ signer: minerHots[0]!, signingThreads: 0 });
  try {
    const refused = await stranger.call(target(fast), Dummy, { input: 3 }, { deserialize: false, timeout: 5 });
    assert.equal(refused.dendrite.status_code, 403);
    assert.match(
      refused.dendrite.status_message ?? '',
      /Forbidden\. Key is blacklisted: hotkey 5\w+ is not registered/,
    );
    assert.equal(await validator.call(target(fast), Dummy, { input: 3 }), 6, 'a registered caller is served');

    const poor = await unstaked.call(target(staked), Dummy, { input: 3 }, { deserialize: false, timeout: 5 });
    assert.equal(poor.dendrite.status_code, 403);
    assert.match(poor.dendrite.status_message ?? '', /below the minimum of 100/);
    assert.equal(await validator.call(target(staked), Dummy, { input: 4 }), 8, 'a staked caller is served');
  } finally {
    await Promise.all([stranger.close(), validator.close(), unstaked.close()]);
  }
});

test('a reward function that throws scores 0 for that miner and the loop goes on', async () => {
  const throwingUid = miners[1]!.uid;
  const steps: StepSummary[] = [];
  const validator = new Validator({
    netuid,
    client,
    signer: validatorHot,
    synapse: Dummy,
    statePath: join(dir, 'throwing.json'),
    stepIntervalMs: 0,
    handleSignals: false,
    challenge: ({ step }) => ({ input: { input: step } }),
    reward: (_challenge, _response, { uid }) => {
      if (uid === throwingUid) throw new Error('bug in the reward function');
      return 1;
    },
    onStep: (s) => {
      steps.push(s);
      if (steps.length === 3) void validator.close();
    },
  });
  await validator.start();
  await validator.run();
  assert.equal(steps.length, 3, 'three steps ran although reward() threw in each');
  for (const s of steps) assert.equal(s.successes, 2, 'both miners answered');
  const scores = validator.scores;
  assert.equal(scores[throwingUid as number], 0);
  assert.ok(
    (scores[miners[0]!.uid as number] ?? 0) > 0.2,
    `the other miner scored ${scores[miners[0]!.uid as number]}`,
  );
});

test('a validator killed with SIGKILL during a step resumes its persisted scores when restarted', async () => {
  const server = await net.serve({ port: 0 });
  const statePath = join(dir, 'killed.json');
  slowDelayMs = 1500;
  const env = {
    ...process.env,
    NODE_TEST_CONTEXT: '',
    SUBNETKIT_ENDPOINT: server.url,
    SUBNETKIT_NETUID: String(netuid),
    SUBNETKIT_HOTKEY_URI: '//Bob//validator',
    SUBNETKIT_STATE_PATH: statePath,
    SUBNETKIT_ALPHA: '0.5',
    SUBNETKIT_LOG_LEVEL: 'info',
  };
  const launch = () =>
    spawn(process.execPath, ['--import', 'tsx', 'test/neurons/fixtures/validator-process.ts'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  const children: ChildProcess[] = [];
  try {
    const first = launch();
    children.push(first);
    const firstLines = jsonLines(first);
    let lastStep = 0;
    for (;;) {
      const line = await firstLines.next(60_000);
      if (typeof line.step === 'number' && /miners queried/.test(String(line.msg))) lastStep = line.step;
      if (lastStep >= 2) break;
    }
    // The next step is now waiting on the slow miner (1.5 s): kill the process in the middle of it.
    await new Promise((r) => setTimeout(r, 400));
    first.kill('SIGKILL');
    await exited(first);

    const saved = await new StateStore(statePath).load();
    assert.ok(saved, 'a state file survived the kill');
    assert.ok(
      saved.step >= lastStep && saved.step <= lastStep + 1,
      `saved step ${saved.step}, last logged ${lastStep}`,
    );
    const expected = 1 - 0.5 ** saved.step; // reward 1 every step, alpha 0.5, from 0
    for (const m of miners) assert.ok(Math.abs((saved.scores[m.uid as number] ?? 0) - expected) < 1e-12);

    const second = launch();
    children.push(second);
    const lines = jsonLines(second);
    let resumed: Record<string, unknown>;
    do resumed = await lines.next(60_000);
    while (!('scores' in resumed)); // the fixture's line, after pino's start-up lines
    assert.equal(resumed.resumedStep, saved.step);
    assert.deepEqual(resumed.scores, saved.scores, 'the restarted validator holds the persisted scores');
    let next: Record<string, unknown>;
    do next = await lines.next(60_000);
    while (typeof next.step !== 'number' || !/miners queried/.test(String(next.msg)));
    assert.equal(next.step, saved.step + 1, 'it carries on from the next step');
    second.kill('SIGTERM');
    const [code] = await exited(second);
    assert.equal(code, 0, 'SIGTERM stops it gracefully');
  } finally {
    for (const c of children) c.kill('SIGKILL'); // a failed assertion must not leave a validator running
    slowDelayMs = 50;
    await server.close();
  }
});

test('a miner process stops on SIGTERM: the request in flight is answered, then it exits 0', async () => {
  const server = await net.serve({ port: 0 });
  const hotkey = await Keypair.fromUri('//Charlie//m3');
  await registerNeurons(net, { netuid, coldkey: minerCold, hotkeys: [hotkey] });
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/neurons/fixtures/miner-process.ts',
      ...['--endpoint', server.url, '--netuid', String(netuid), '--hotkey-uri', '//Charlie//m3'],
      ...['--axon-ip', '127.0.0.5', '--shutdown-timeout-ms', '10000', '--log-level', 'warn'],
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, NODE_TEST_CONTEXT: '', DELAY_MS: '1500' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const dendrite = new Dendrite({ signer: validatorHot, signingThreads: 0 });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /MINER_READY (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`the miner exited early with ${code}`)));
    });
    const published = await getAxon(client, netuid, hotkey.address);
    assert.deepEqual([published?.ip, published?.port], ['127.0.0.5', port], 'published with serve_axon');
    const target = { ip: '127.0.0.5', port, hotkey: hotkey.address };
    const inFlight = dendrite.call(target, Dummy, { input: 21 }, { deserialize: false, timeout: 10 });
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGTERM');
    const answer = await inFlight;
    assert.equal(answer.dendrite.status_code, 200, `in-flight request: ${answer.dendrite.status_message}`);
    assert.equal(answer.output, 42);
    const [code, signal] = await exited(child);
    assert.deepEqual([code, signal], [0, null], 'exited by itself with 0 after the graceful stop');
    const late = await dendrite.call(target, Dummy, { input: 1 }, { deserialize: false, timeout: 5 });
    assert.equal(late.dendrite.status_code, 503, 'nothing is served after the stop');
  } finally {
    child.kill('SIGKILL');
    await dendrite.close();
    await server.close();
  }
});

test('a uid whose hotkey changes on chain starts again from 0; the others keep their scores', async () => {
  const validator = new Validator({
    netuid,
    client,
    signer: validatorHot,
    synapse: Dummy,
    statePath: join(dir, 'swap.json'),
    syncEveryBlocks: 1,
    alpha: 0.5,
    handleSignals: false,
    challenge: ({ step }) => ({ input: { input: step } }),
    reward: () => 1,
  });
  await validator.start();
  try {
    await validator.step();
    const [swapped, kept] = [miners[0]!.uid as number, miners[1]!.uid as number];
    assert.deepEqual([validator.scores[swapped], validator.scores[kept]], [0.5, 0.5]);
    const newHotkey = await Keypair.fromUri('//Charlie//m1-replacement');
    const call = buildNamedCall(client, 'subtensorModule', 'swapHotkey', {
      hotkey: minerHots[0]!.address,
      newHotkey: newHotkey.address,
      netuid: null,
    });
    await client.submit(call, minerCold);
    const s = await validator.step();
    assert.equal(validator.metagraph.hotkeys[swapped], newHotkey.address, 'the chain moved the uid to the new hotkey');
    // The old miner's axon now answers for a hotkey that no longer holds the uid: it scores 0 this step, and without
    // the reset its score would only have decayed to 0.25.
    assert.equal(validator.scores[swapped], 0);
    assert.equal(validator.scores[kept], 0.75);
    assert.ok(s.uids.includes(kept));
  } finally {
    await validator.close();
  }
});

/** The child's stdout as parsed JSON lines (pino's and the fixture's), one at a time. */
function jsonLines(child: ChildProcess) {
  const rl = createInterface({ input: child.stdout! });
  const queue: Record<string, unknown>[] = [];
  let wake: (() => void) | undefined;
  rl.on('line', (l) => {
    try {
      queue.push(JSON.parse(l));
    } catch {
      return;
    }
    wake?.();
  });
  rl.on('close', () => wake?.());
  return {
    async next(timeoutMs: number): Promise<Record<string, unknown>> {
      const deadline = Date.now() + timeoutMs;
      while (queue.length === 0) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error('the child printed no further line');
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 250);
        });
      }
      return queue.shift() as Record<string, unknown>;
    },
  };
}

async function exited(child: ChildProcess): Promise<[number | null, string | null]> {
  if (child.exitCode !== null || child.signalCode !== null) return [child.exitCode, child.signalCode];
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [code, signal] = await new Promise<[number | null, string | null]>((r) =>
    child.once('exit', (c, s) => r([c, s])),
  );
  clearTimeout(timer);
  return [code, signal];
}

test('a validator with mecid 1 refuses to start on a chain without mechanisms; mecid 0 starts', async () => {
  const options = {
    netuid,
    client,
    signer: validatorHot,
    synapse: Dummy,
    handleSignals: false,
    challenge: ({ step }: { step: number }) => ({ input: { input: step } }),
    reward: () => 1,
  };
  const refused = new Validator({ ...options, mecid: 1, statePath: join(dir, 'mecid1.json') });
  await assert.rejects(refused.start(), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'NEURON_CONFIG');
    assert.match(e.message, /mecid 1: this chain has no mechanisms/);
    return true;
  });
  let closed: { step(): Promise<unknown> } | undefined;
  {
    await using works = await new Validator({ ...options, mecid: 0, statePath: join(dir, 'mecid0.json') }).start();
    closed = works;
    assert.equal(works.uid, works.metagraph.uidOf(validatorHot.address));
    assert.notEqual(works.uid, undefined);
  }
  // `await using` closed it at the end of the scope: no more steps.
  await assert.rejects(closed.step(), { code: 'NEURON_LIFECYCLE' });
});

test('`await using` closes a miner: its axon stops answering at the end of the scope', async () => {
  let url: string;
  {
    await using miner = await new Miner({
      netuid,
      client,
      signer: validatorHot, // registered all along (the miners' hotkeys change in the swap test)
      axonIp: '127.0.0.1',
      axonPort: 0,
      serve: false,
      handleSignals: false,
    }).start();
    url = `http://127.0.0.1:${miner.axon.port}/`;
    await fetch(url); // any answer: the axon listens
  }
  await assert.rejects(fetch(url), /fetch failed/);
});

test('a state file saved on a chain further along (a new localnet) does not hold back the weights', async () => {
  const statePath = join(dir, 'other-chain.json');
  const probe = await new Validator({
    netuid,
    client,
    signer: validatorHot,
    synapse: Dummy,
    handleSignals: false,
    statePath: join(dir, 'probe.json'),
    challenge: () => ({ input: { input: 1 } }),
    reward: () => 1,
  }).start();
  const hotkeys = [...probe.metagraph.hotkeys];
  await probe.close();
  // As a run on an earlier localnet left it: same subnet and hotkey, blocks far beyond this chain's head.
  await writeFile(
    statePath,
    JSON.stringify({
      version: 1,
      netuid,
      hotkey: validatorHot.address,
      step: 40,
      block: 100_000,
      nextWeightsBlock: 100_100,
      lastWeightsBlock: 99_990,
      scores: hotkeys.map(() => 0.5),
      hotkeys,
      savedAt: new Date().toISOString(),
    }),
  );
  await using validator = await new Validator({
    netuid,
    client,
    signer: validatorHot,
    synapse: Dummy,
    handleSignals: false,
    statePath,
    challenge: ({ step }: { step: number }) => ({ input: { input: step } }),
    reward: () => 1,
  }).start();
  assert.equal(validator.steps, 40, 'the step count is resumed');
  const summary = await validator.step();
  assert.ok(
    summary.nextWeightsBlock < 100_000,
    `weights due on this chain's timeline, not the old one's: next at ${summary.nextWeightsBlock}`,
  );
});
