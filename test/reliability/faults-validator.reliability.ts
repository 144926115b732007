/**
 * Faults, validator side, against the real chain (the localnet's runtime, served over its ws server) and a
 * Validator in its own process (test/neurons/fixtures/validator-process.ts):
 *
 * - the chain's ws server killed (every socket cut, the port closed) while the validator's set_weights waits in the
 *   pool, its block built while the validator is away, then the server restarted on the same port: the validator
 *   does not hang, does not submit twice, and reports its weights once the chain is back; then a second outage
 *   while it only steps. The chain's state survives because the same localnet process serves it again: a node
 *   restarting from its database looks the same to a client (same port, same chain, later head).
 * - a validator killed with SIGKILL (at a random moment of its stepping, and right after a weight commit on a
 *   commit-reveal subnet) and restarted: its score file is intact, it resumes from its step, and it reveals the
 *   commit the killed process left pending.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { getWeights } from '@subnetkit/chain';
import { type Localnet, type LocalnetServer, startLocalnet } from '@subnetkit/localnet';
import { PendingCommitStore } from '@subnetkit/metagraph';
import { StateStore } from 'subnetkit';
import { type Child, runScript } from './support/child.js';
import {
  type FaultSubnet,
  faultSubnet,
  signedCalls,
  VALIDATOR_SCRIPT,
  validatorEnv,
} from './support/validator-subnet.js';
import { figures } from './support.js';

let net: Localnet;
let server: LocalnetServer;
let dir: string;
const children: Child[] = [];
const subnets: FaultSubnet[] = [];
const results: Record<string, unknown> = {};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faults-validator-'));
  net = await startLocalnet();
  server = await net.serve({ port: 0 });
});

after(async () => {
  for (const c of children) await c.stop('SIGKILL');
  // Each subnet's miner (its HTTP server and signature workers) lives in this process: left open, the file never ends.
  for (const s of subnets) await s.miner.close();
  await server?.close();
  await net?.close();
  await rm(dir, { recursive: true, force: true });
  figures('faults-validator', results);
  // This file once passed but never exited (a miner left listening, hidden by the runner's --test-force-exit):
  // nothing it opened may be left to hold the process.
  const left = process
    .getActiveResourcesInfo()
    .filter((r) => ['TCPServerWrap', 'TCPSocketWrap', 'ProcessWrap', 'Worker'].includes(r));
  assert.deepEqual(left, [], 'sockets, servers, child processes or workers still open after the suite');
});

const STEP = /"msg":"step (\d+) block (\d+):/;
const setManual = (manual: boolean) => {
  net.chain.txPool.mode = (manual ? 'Manual' : 'Instant') as typeof net.chain.txPool.mode;
};

async function until(what: string, cond: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function newSubnet(commitReveal: boolean): Promise<FaultSubnet> {
  const subnet = await faultSubnet(net, { commitReveal });
  subnets.push(subnet);
  return subnet;
}

function startValidator(subnet: FaultSubnet, statePath: string): Child {
  const child = runScript(VALIDATOR_SCRIPT, [], { env: validatorEnv(server.url, subnet, statePath) });
  children.push(child);
  return child;
}

test('the ws server killed while set_weights waits in the pool, restarted on the same port: weights land once, no hang', async () => {
  const t0 = performance.now();
  const subnet = await newSubnet(false);
  results.subnetSetupMs = Math.round(performance.now() - t0);
  const statePath = join(dir, 'chain-restart.json');
  const port = server.port;
  const firstBlock = net.head().number + 1;
  setManual(true); // transactions wait in the pool until the test builds a block
  try {
    const v = startValidator(subnet, statePath);
    await v.waitFor(/"msg":"validator started"/, 120_000);
    // Weights are due at once (a whole tempo has passed since registration): set_weights reaches the pool.
    results.validatorStartMs = Math.round(performance.now() - t0) - (results.subnetSetupMs as number);
    await until('set_weights in the pool', () => net.chain.txPool.pendingExtrinsics.length === 1, 60_000);
    const cutAt = performance.now();
    await server.close(); // every socket cut, nothing listening
    await net.newBlocks(1); // the transaction lands while the validator cannot see it
    const landed = await signedCalls(net, subnet.validatorHotkey, firstBlock, net.head().number);
    assert.deepEqual(
      landed.map((c) => c.split('@')[0]),
      ['subtensorModule.setWeights'],
    );
    const linesAtCut = v.lines.length;
    await new Promise((r) => setTimeout(r, 5_000)); // down for 5 s: the validator must wait, not exit, not resend
    assert.ok(v.alive(), 'the validator process is still running during the outage');
    server = await net.serve({ port });
    const backAt = performance.now();
    const set = await v.waitFor(/"msg":"weights set on chain"/, 90_000, linesAtCut);
    results.outageMs = Math.round(backAt - cutAt);
    results.backToWeightsReportedMs = Math.round(performance.now() - backAt);
    // The operator sees why the step paused: the connection lost, then restored, each logged.
    await v.waitFor(/"state":"disconnected","msg":"chain connection disconnected"/, 1_000, linesAtCut);
    await v.waitFor(/"msg":"chain connection restored"/, 1_000, linesAtCut);
    const after = await v.waitFor(STEP, 90_000, set.index + 1);
    results.backToNextStepMs = Math.round(performance.now() - backAt);
    assert.ok(Number(after.match[1]) > 0);

    // Exactly one set_weights by this hotkey, ever; the pool is empty (no resend waiting either).
    await net.newBlocks(1);
    const calls = await signedCalls(net, subnet.validatorHotkey, firstBlock, net.head().number);
    assert.deepEqual(
      calls.map((c) => c.split('@')[0]),
      ['subtensorModule.setWeights'],
      calls.join(', '),
    );
    assert.equal(net.chain.txPool.pendingExtrinsics.length, 0);
    const client = await net.client();
    const weights = await getWeights(client, subnet.netuid, subnet.validatorUid);
    assert.ok(
      weights.some(([uid]) => uid === subnet.miner.uid),
      `weights on chain: ${JSON.stringify(weights)}`,
    );
    assert.equal(v.lines.filter((l) => l.includes('"msg":"weights set on chain"')).length, 1, 'reported once');

    // A second outage while it only steps: steps pause, then go on; the process never exits.
    const linesBefore = v.lines.length;
    await server.close();
    await new Promise((r) => setTimeout(r, 5_000));
    assert.ok(v.alive());
    server = await net.serve({ port });
    const backAgain = performance.now();
    await v.waitFor(STEP, 90_000, v.lines.length);
    results.idleOutageBackToStepMs = Math.round(performance.now() - backAgain);
    assert.ok(v.lines.length > linesBefore);
    const { code, signal } = await v.stop('SIGTERM');
    assert.deepEqual([code, signal], [0, null], 'it still stops gracefully');
  } finally {
    setManual(false);
    if (server.port !== port) server = await net.serve({ port: 0 });
  }
});

test('a validator killed with SIGKILL and restarted: score file intact, resumes its step, reveals its pending commit', async () => {
  const subnet = await newSubnet(true);
  const statePath = join(dir, 'killed.json');
  const commitPath = join(dir, 'killed.commits.json'); // the validator's default: beside the state file
  const store = new StateStore(statePath);
  const kills: { at: string; savedStep: number }[] = [];

  // On the commit-reveal subnet weights are committed (due at the first step): kill right after the commit is on chain.
  const first = startValidator(subnet, statePath);
  const committed = await first.waitFor(/"msg":"weights committed/, 120_000);
  first.proc.kill('SIGKILL');
  await first.stop();
  let saved = await store.load();
  assert.ok(saved, 'the state file survived the kill');
  kills.push({ at: 'after commit', savedStep: saved.step });
  const pending = await new PendingCommitStore({ path: commitPath }).all();
  assert.equal(pending.length, 1, `one pending commit on disk (${committed.line.slice(0, 200)})`);
  const [commit] = pending as [NonNullable<(typeof pending)[0]>];

  // Then kills at a random moment of stepping (the state is saved several times a second): the file always loads,
  // and each restart resumes from the step the killed process saved.
  let lastStep = saved.step;
  for (let i = 0; i < 2; i++) {
    const v = startValidator(subnet, statePath);
    const resumed = await v.waitFor(/^\{"resumedStep":(\d+)/, 120_000);
    assert.equal(Number(resumed.match[1]), lastStep, 'resumed from the step the last process saved');
    await v.waitFor(STEP, 90_000, resumed.index + 1);
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 1500)));
    v.proc.kill('SIGKILL');
    await v.stop();
    const now = await store.load();
    assert.ok(now, 'the state file survived the kill');
    assert.ok(now.step > lastStep, `saved step ${now.step}, before ${lastStep}`);
    lastStep = now.step;
    kills.push({ at: 'stepping', savedStep: now.step });
  }
  saved = (await store.load())!;
  assert.deepEqual(
    (await readdir(dir)).filter((n) => n.endsWith('.tmp') && n.includes('killed')),
    [],
    'no temp file of the state left beside it',
  );

  // The chain moves into the reveal window while the validator is down; the restarted one reveals the commit.
  await net.newBlocks(Math.max(0, commit.firstRevealBlock - net.head().number));
  const restartAt = performance.now();
  const again = startValidator(subnet, statePath);
  const resumed = await again.waitFor(/^\{"resumedStep":(\d+)/, 120_000);
  assert.equal(Number(resumed.match[1]), saved.step);
  const resumedLine = JSON.parse(resumed.line) as { scores: number[] };
  assert.deepEqual(resumedLine.scores, saved.scores, 'the restarted validator holds the persisted scores');
  await again.waitFor(/"status":"revealed".*"msg":"weight commit"/, 120_000, resumed.index);
  results.restartToRevealMs = Math.round(performance.now() - restartAt);
  const client = await net.client();
  const weights = await getWeights(client, subnet.netuid, subnet.validatorUid);
  assert.ok(
    weights.some(([uid]) => uid === subnet.miner.uid),
    `revealed weights on chain: ${JSON.stringify(weights)}`,
  );
  const reveals = (await signedCalls(net, subnet.validatorHotkey, commit.commitBlock, net.head().number)).filter((c) =>
    c.startsWith('subtensorModule.revealWeights'),
  );
  assert.equal(reveals.length, 1, `revealed exactly once: ${reveals.join(', ')}`);
  assert.ok(
    !(await new PendingCommitStore({ path: commitPath }).all()).some((c) => c.hash === commit.hash),
    'the revealed commit left the store',
  );
  await again.stop('SIGTERM');
  results.kills = kills;
});
