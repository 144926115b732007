/** `forward`: results in the order of the axons, requests concurrent over one pool, each axon its own copy. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeJsonBody, toHeaders } from '@subnetkit/synapse';
import { Dendrite } from './dendrite.js';
import { Dummy, dendriteSuite, keys, listen, pythonLikeAxon, sendJson } from './testing/fake-axon.js';
import { wasmTestSigner } from './testing/wasm-signer.js';

describe('forward', () => {
  const suite = dendriteSuite();
  const { servers } = suite;

  test('results come back in the order of the axons even when answers arrive in another order', async () => {
    // Later axons answer first (delays 700, 600, … 200 ms); every handler counts the requests in flight across all
    // six servers, so concurrency is shown without relying on wall-clock speed.
    const n = 6;
    let inFlight = 0;
    let peak = 0;
    const finished: number[] = [];
    for (let i = 0; i < n; i++) {
      const handler = pythonLikeAxon({
        hotkey: suite.bob.address,
        forward: async (s) => {
          const d = s as unknown as { input: number; output: number };
          await new Promise((r) => setTimeout(r, 100 + (n - i) * 100));
          d.output = d.input * 2 + i * 1000;
        },
      });
      servers.push(
        await listen(async (req, body, res) => {
          peak = Math.max(peak, ++inFlight);
          await handler(req, body, res);
          inFlight--;
          finished.push(i);
        }),
      );
    }
    const axons = servers.slice(-n).map((s) => ({ ip: '127.0.0.1', port: s.port, hotkey: suite.bob.address }));
    const outputs = await suite.dendrite.forward(axons, Dummy, { input: 5 }, { timeout: 60 });
    assert.deepEqual(outputs, [10, 1010, 2010, 3010, 4010, 5010]);
    assert.notDeepEqual(finished, [0, 1, 2, 3, 4, 5], 'answers arrived in another order');
    assert.equal(peak, n, 'all six requests were in flight at once');
  });

  test('each axon gets its own copy: its own axon block, one failure does not touch the others', async () => {
    const good = await listen(pythonLikeAxon({ hotkey: suite.bob.address }));
    servers.push(good);
    const charlie = await keys.charlie();
    const axons = [
      { ip: '127.0.0.1', port: good.port, hotkey: suite.bob.address },
      { ip: '127.0.0.1', port: good.port, hotkey: charlie.address }, // wrong hotkey for this axon: 401
      { ip: '0.0.0.0', port: 0, hotkey: suite.bob.address }, // not serving: 503
      { ip: '127.0.0.1', port: good.port, hotkey: suite.bob.address },
    ];
    const out = await suite.dendrite.forward(axons, Dummy, { input: 3 }, { deserialize: false });
    assert.deepEqual(
      out.map((s) => s.dendrite.status_code),
      [200, 401, 503, 200],
    );
    assert.equal(new Set(out).size, 4, 'distinct objects');
    assert.equal(out[1]!.axon.hotkey, charlie.address);
    assert.equal(out[0]!.output, 6);
    assert.equal(out[1]!.output, null);
    assert.equal(out[3]!.output, 6);
  });

  test('256 axons on one Dendrite: all answered, at most maxInFlight at a time', async () => {
    let inFlight = 0;
    let peak = 0;
    const s = await listen(async (_req, body, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 100));
      inFlight--;
      const syn = Dummy.fromBody(JSON.parse(body.toString()));
      syn.output = syn.input * 2;
      syn.axon.status_code = 200;
      sendJson(res, 200, toHeaders(Dummy, syn), encodeJsonBody(Dummy, syn, 'compact'));
    });
    servers.push(s);
    // Signing speed is not the point here (see the note in wasm-signer.ts).
    const d = new Dendrite({ signer: await wasmTestSigner(), maxInFlight: 32, connectionsPerAxon: 64 });
    const axons = Array.from({ length: 256 }, () => ({ ip: '127.0.0.1', port: s.port, hotkey: suite.bob.address }));
    const out = await d.forward(axons, Dummy, { input: 1 }, { timeout: 120 });
    await d.close();
    assert.equal(out.length, 256);
    assert.ok(
      out.every((o) => o === 2),
      'every answer merged',
    );
    assert.ok(peak <= 32, `peak ${peak} > maxInFlight`);
    assert.ok(peak >= 8, `peak ${peak}: requests were not concurrent`);
  });
});
