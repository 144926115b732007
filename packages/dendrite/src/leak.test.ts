/**
 * No leaked sockets or timers: thousands of calls (successes over keep-alive, timeouts, refusals, resets, aborted
 * and half-read streams) against servers in a child process, then `close()` leaves this process with exactly the
 * handles it had before the Dendrite existed.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { Dendrite } from './dendrite.js';
import { Dummy, DummyStream, keys } from './testing/fake-axon.js';
import { startFarm } from './testing/farm-client.js';
import { wasmTestSigner } from './testing/wasm-signer.js';

function census(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}
const count = (m: Map<string, number>, k: string) => m.get(k) ?? 0;

test('thousands of calls, then close(): no socket, timer or request left behind', { timeout: 120_000 }, async () => {
  const signer = await wasmTestSigner();
  const bob = await keys.bob();
  const farm = await startFarm({ hotkey: bob.address, normal: 8, hang: 1, reset: 1 });
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const refusedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  try {
    await new Promise((r) => setTimeout(r, 50));
    const before = census();
    const dendrite = new Dendrite({ signer, connectionsPerAxon: 4 });
    const axon = (port: number) => ({ ip: '127.0.0.1', port, hotkey: bob.address });
    const normal = farm.normal.map(axon);
    let ok = 0;
    let peakSockets = 0;
    for (let round = 0; round < 25; round++) {
      const batch = Array.from({ length: 80 }, (_, i) => normal[i % normal.length]!);
      const out = await dendrite.forward(batch, Dummy, { input: round }, { deserialize: false });
      ok += out.filter((s) => s.dendrite.status_code === 200 && s.output === round * 2).length;
      peakSockets = Math.max(peakSockets, count(census(), 'TCPSocketWrap'));
    }
    assert.equal(ok, 2000, 'every keep-alive call answered');
    assert.ok(peakSockets <= 8 * 4, `at most connectionsPerAxon sockets per axon, saw ${peakSockets}`);

    // Failures of every kind, several rounds each.
    const failures = [
      ...Array.from({ length: 20 }, () => axon(farm.hang[0]!)),
      ...Array.from({ length: 50 }, () => axon(farm.reset[0]!)),
      ...Array.from({ length: 50 }, () => axon(refusedPort)),
    ];
    const failed = await dendrite.forward(failures, Dummy, { input: 1 }, { timeout: 0.2, deserialize: false });
    assert.deepEqual([...new Set(failed.map((s) => s.dendrite.status_code))].sort(), [408, 503]);
    for (let i = 0; i < 20; i++) {
      const ac = new AbortController();
      const p = dendrite.call(axon(farm.hang[0]!), Dummy, { input: 1 }, { signal: ac.signal });
      setImmediate(() => ac.abort());
      await assert.rejects(p);
    }
    // Endless streams read for a few chunks and abandoned.
    for (let i = 0; i < 20; i++) {
      let n = 0;
      for await (const item of dendrite.stream(normal[i % normal.length]!, DummyStream, {})) {
        assert.match(String(item), /^(tok\d+ )+$/);
        if (++n === 3) break;
      }
      assert.equal(n, 3);
    }
    // A last round leaves fresh keep-alive connections open: close() must be what ends them.
    const last = await dendrite.forward(normal, Dummy, { input: 2 });
    assert.deepEqual(
      last,
      normal.map(() => 4),
    );
    assert.equal(farm.child.exitCode, null, 'the server farm is still up, so its sockets are not closed for us');
    const idle = count(census(), 'TCPSocketWrap') - count(before, 'TCPSocketWrap');
    assert.ok(idle > 0, 'keep-alive connections are open before close()');
    assert.deepEqual(dendrite.load, { inFlight: 0, queued: 0 });

    await dendrite.close();
    await new Promise((r) => setTimeout(r, 100));
    const after = census();
    for (const kind of ['TCPSocketWrap', 'TCPWRAP', 'Timeout', 'TCPConnectWrap', 'ConnectWrap']) {
      assert.equal(
        count(after, kind),
        count(before, kind),
        `${kind}: ${count(before, kind)} before, ${count(after, kind)} after`,
      );
    }
  } finally {
    await farm.stop();
  }
});
