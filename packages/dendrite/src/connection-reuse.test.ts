/**
 * One keep-alive connection per axon for back-to-back calls: a validator that forwards round after round (or calls
 * one axon in a loop) must not open a second socket to an axon whose first one is idle again. undici frees a
 * connection one event-loop turn after its answer completes; a call sent before that turn would otherwise open
 * another one (origin-reuse.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Dummy, dendriteSuite, listen, pythonLikeAxon, type Running } from './testing/fake-axon.js';

/** A Python-like axon that counts the TCP connections it accepted. */
async function countingAxon(hotkey: string): Promise<{ running: Running; connections: () => number }> {
  const running = await listen(pythonLikeAxon({ hotkey }));
  let connections = 0;
  running.server.on('connection', () => connections++);
  return { running, connections: () => connections };
}

describe('connection reuse', () => {
  const suite = dendriteSuite();

  test('sequential forwards to 4 axons use one connection per axon', async () => {
    const axons = [];
    for (let i = 0; i < 4; i++) {
      const a = await countingAxon(suite.bob.address);
      suite.servers.push(a.running);
      axons.push(a);
    }
    const targets = axons.map((a) => suite.target(a.running));
    for (let round = 0; round < 40; round++) {
      const out = await suite.dendrite.forward(targets, Dummy, { input: round }, { deserialize: false });
      assert.deepEqual(
        out.map((s) => [s.dendrite.status_code, s.output]),
        targets.map(() => [200, round * 2]),
      );
    }
    assert.deepEqual(
      axons.map((a) => a.connections()),
      [1, 1, 1, 1],
      'connections accepted by each axon over 40 rounds',
    );
  });

  test('sequential calls to one axon use one connection', async () => {
    const a = await countingAxon(suite.bob.address);
    suite.servers.push(a.running);
    for (let i = 0; i < 40; i++)
      assert.equal(await suite.dendrite.call(suite.target(a.running), Dummy, { input: i }), i * 2);
    assert.equal(a.connections(), 1, 'connections accepted over 40 calls');
  });

  test('concurrent calls still get connections of their own (up to connectionsPerAxon)', async () => {
    const a = await countingAxon(suite.bob.address);
    suite.servers.push(a.running);
    // The axon answers only once all four requests are in (a barrier, not a delay): they were in flight at once.
    const handler = pythonLikeAxon({ hotkey: suite.bob.address });
    const waiting: (() => void)[] = [];
    a.running.server.removeAllListeners('request');
    a.running.server.on('request', (req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        waiting.push(() => void handler(req, Buffer.concat(parts), res));
        if (waiting.length === 4) for (const go of waiting.splice(0)) go();
      });
    });
    const outs = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        suite.dendrite.call(suite.target(a.running), Dummy, { input: i }, { timeout: 60 }),
      ),
    );
    assert.deepEqual(outs, [0, 2, 4, 6]);
    assert.equal(a.connections(), 4);
  });
});
