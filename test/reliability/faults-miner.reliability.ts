/**
 * Faults, miner side: a miner process killed (SIGKILL) or frozen (SIGSTOP) while it handles a request. The validator's
 * dendrite must answer with the status the protocol gives (spec §5.3: a dropped connection 503, a refused one 503,
 * a timeout 408) within the request's timeout, and the other miners of the same forward are not held up.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Dendrite } from '@subnetkit/dendrite';
import { Keypair } from '@subnetkit/wallet';
import { Dummy } from '../../examples/dummy/protocol.js';
import { type Child, runScript } from './support/child.js';
import { figures } from './support.js';

const children: Child[] = [];
const dendrites: Dendrite[] = [];
const results: Record<string, unknown> = {};

after(async () => {
  for (const c of children) await c.stop('SIGKILL');
  for (const d of dendrites) await d.close();
  figures('faults-miner', results);
});

async function startSlowMiner(
  delayMs: number,
): Promise<{ child: Child; target: { ip: string; port: number; hotkey: string } }> {
  const child = runScript('test/reliability/support/slow-miner.ts', [], { env: { DELAY_MS: String(delayMs) } });
  children.push(child);
  const { match } = await child.waitFor(/^AXON_READY (\d+) (\S+)$/, 90_000);
  return { child, target: { ip: '127.0.0.1', port: Number(match[1]), hotkey: match[2]! } };
}

async function validatorDendrite(): Promise<Dendrite> {
  const d = new Dendrite({ signer: await Keypair.fromUri('//Alice'), signingThreads: 0 });
  dendrites.push(d);
  return d;
}

test('a miner killed with SIGKILL mid-request: 503 long before the timeout; a concurrent call to another miner answers 200', async () => {
  const [killed, healthy] = await Promise.all([startSlowMiner(60_000), startSlowMiner(1_500)]);
  const dendrite = await validatorDendrite();
  const timeout = 20;
  const t0 = performance.now();
  let cutAt = 0;
  const cutCall = dendrite.call(killed.target, Dummy, { input: 21 }, { timeout, deserialize: false }).then((r) => {
    cutAt = performance.now();
    return r;
  });
  const okCall = dendrite.call(healthy.target, Dummy, { input: 21 }, { timeout, deserialize: false });
  await killed.child.waitFor(/^HANDLING 21$/, 30_000);
  const killedAt = performance.now();
  killed.child.proc.kill('SIGKILL');
  const [cut, ok] = await Promise.all([cutCall, okCall]);
  const totalMs = performance.now() - t0;
  assert.equal(cut!.dendrite.status_code, 503, `killed miner: ${cut!.dendrite.status_message}`);
  assert.match(cut!.dendrite.status_message ?? '', /^Service (disconnected|unavailable)/);
  assert.equal(ok!.dendrite.status_code, 200, `healthy miner: ${ok!.dendrite.status_message}`);
  assert.equal(ok!.output, 42);
  assert.ok(totalMs < timeout * 1000, `the forward took ${totalMs} ms, the timeout is ${timeout} s`);
  results.sigkillTo503Ms = Math.round(cutAt - killedAt);
  results.healthyCallMs = Math.round(totalMs);
  assert.deepEqual((await killed.child.stop()).signal, 'SIGKILL');

  // The dead miner's port now refuses: 503 at once, not after the timeout.
  const t1 = performance.now();
  const refused = await dendrite.call(killed.target, Dummy, { input: 1 }, { timeout, deserialize: false });
  assert.equal(refused.dendrite.status_code, 503, refused.dendrite.status_message ?? '');
  assert.match(refused.dendrite.status_message ?? '', /^Service unavailable at 127\.0\.0\.1:\d+\/Dummy$/);
  results.refusedMs = Math.round(performance.now() - t1);
  assert.ok((results.refusedMs as number) < 5_000, `refused after ${results.refusedMs} ms`);
});

test('a miner frozen with SIGSTOP mid-request (alive, silent): 408 at the timeout, not later', async () => {
  const frozen = await startSlowMiner(60_000);
  const dendrite = await validatorDendrite();
  const timeout = 3;
  const t0 = performance.now();
  const answer = dendrite.call(frozen.target, Dummy, { input: 5 }, { timeout, deserialize: false });
  await frozen.child.waitFor(/^HANDLING 5$/, 30_000);
  frozen.child.proc.kill('SIGSTOP');
  const a = await answer;
  const ms = performance.now() - t0;
  frozen.child.proc.kill('SIGCONT');
  assert.equal(a.dendrite.status_code, 408, a.dendrite.status_message ?? '');
  assert.equal(a.dendrite.status_message, 'Request timeout after 3.0 seconds');
  // Bounded by the timeout (plus scheduling slack on a loaded machine), never by the miner.
  assert.ok(ms >= timeout * 1000 - 50 && ms < timeout * 1000 + 3_000, `answered after ${ms} ms`);
  results.sigstopTimeoutMs = Math.round(ms);
});
