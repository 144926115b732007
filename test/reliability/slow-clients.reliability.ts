/**
 * Slow clients against the example miner (its own process, default deadlines: headers 10 s, whole request 30 s,
 * keep-alive 15 s): headers or a body trickled byte by byte and an idle connection are cut off on their deadlines;
 * 200 slowloris connections plus up to 3,000 idle keep-alive connections (from other loopback addresses, as
 * attackers elsewhere would be) do not starve signed traffic from a well-behaved validator, whose p99 is measured
 * before and during the attack.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { Keypair } from '@subnetkit/wallet';
import { Dummy } from '../../examples/dummy/protocol.js';
import { signRequest } from '../../packages/axon/src/test-support.js';
import { figures, type Miner, openFileLimit, percentile, startMiner } from './support.js';

let miner: Miner;
let alice: Keypair;

before(async () => {
  miner = await startMiner();
  alice = await Keypair.fromUri('//Alice');
});
after(async () => {
  await miner?.stop();
});

function open(port: number, localAddress: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, localAddress }, () => resolve(s));
    s.on('error', reject);
  });
}

/** Resolves with how long the server took to close the socket, and what it said. */
function closed(sock: Socket): Promise<{ ms: number; said: string }> {
  const t0 = performance.now();
  let said = '';
  sock.on('data', (d) => {
    said += d.toString('latin1');
  });
  sock.on('error', () => {});
  return new Promise((r) => sock.on('close', () => r({ ms: performance.now() - t0, said })));
}

test('trickled headers, a trickled body and an idle connection are cut off on their deadlines', {
  timeout: 60_000,
}, async () => {
  const idle = await open(miner.port, '127.0.0.1');
  const slowHead = await open(miner.port, '127.0.0.1');
  const slowBody = await open(miner.port, '127.0.0.1');
  const all = Promise.all([closed(idle), closed(slowHead), closed(slowBody)]);
  const head = 'POST /Dummy HTTP/1.1\r\nhost: 127.0.0.1\r\nx-pad: ';
  slowBody.write(
    'POST /Dummy HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n',
  );
  let i = 0;
  const trickle = setInterval(() => {
    if (!slowHead.destroyed) slowHead.write(head[i % head.length]!);
    if (!slowBody.destroyed) slowBody.write(' ');
    i++;
  }, 200);
  try {
    const [a, b, c] = await all;
    figures('slow-clients.deadlines', {
      idleClosedMs: Math.round(a.ms),
      headersClosedMs: Math.round(b.ms),
      bodyClosedMs: Math.round(c.ms),
    });
    assert.ok(a.ms < 12_500, `idle connection closed after ${a.ms} ms (deadline 10 s)`);
    assert.ok(b.ms < 12_500, `trickled headers closed after ${b.ms} ms (deadline 10 s)`);
    assert.match(b.said, /^HTTP\/1\.1 408 .*bt_header_axon_status_code: 408/s);
    assert.ok(c.ms < 32_500, `trickled body closed after ${c.ms} ms (deadline 30 s)`);
  } finally {
    clearInterval(trickle);
  }
});

test('200 slowloris and up to 3,000 idle keep-alive connections do not starve a signed validator', {
  timeout: 120_000,
}, async () => {
  const url = `http://127.0.0.1:${miner.port}/Dummy`;
  async function validator(ms: number): Promise<{ lat: number[]; bad: number[] }> {
    const lat: number[] = [];
    const bad: number[] = [];
    const end = Date.now() + ms;
    let n = 0;
    while (Date.now() < end) {
      const r = signRequest(Dummy, { input: n++ }, { signer: alice, axonHotkey: miner.hotkey });
      const t0 = performance.now();
      // fetch keeps its connection alive between requests, as a validator's dendrite does.
      const res = await fetch(url, { method: 'POST', headers: r.headers, body: r.body }).catch(() => undefined);
      await res?.arrayBuffer();
      lat.push(performance.now() - t0);
      if (res?.status !== 200) bad.push(res?.status ?? 0);
      await new Promise((r) => setTimeout(r, 25)); // 40 requests/s, under the per-hotkey rate limit
    }
    return { lat: lat.sort((a, b) => a - b), bad };
  }
  const base = await validator(3000);

  const attackers: Socket[] = [];
  const idleWanted = Math.min(3000, openFileLimit() - 600);
  let slowloris = 0;
  let idleOpen = 0;
  try {
    // 200 slowloris from 127.0.0.2-3 (100 each, under the per-address cap), each sending a header line now and then.
    for (let i = 0; i < 200; i++) {
      const s = await open(miner.port, `127.0.0.${2 + (i % 2)}`);
      s.on('error', () => {});
      s.write('POST /Dummy HTTP/1.1\r\nhost: 127.0.0.1\r\n');
      attackers.push(s);
      slowloris++;
    }
    const drip = setInterval(() => {
      for (const s of attackers.slice(0, 200)) if (!s.destroyed) s.write('x-a: b\r\n');
    }, 1000);
    // Idle keep-alive connections from 127.0.0.10 on (100 per address): one answered request, then silence.
    const opening = (async () => {
      for (let i = 0; i < idleWanted; i++) {
        const s = await open(miner.port, `127.0.0.${10 + Math.floor(i / 100)}`).catch(() => undefined);
        if (!s) continue;
        s.on('error', () => {});
        s.on('data', () => {});
        s.write('GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
        attackers.push(s);
        idleOpen++;
      }
    })();
    const during = await validator(8000);
    await opening;
    clearInterval(drip);
    const p = (xs: number[], q: number) => Math.round(percentile(xs, q) * 10) / 10;
    figures('slow-clients.attack', {
      slowloris,
      idleKeepAlive: idleOpen,
      baseline: { requests: base.lat.length, p50Ms: p(base.lat, 0.5), p99Ms: p(base.lat, 0.99) },
      underAttack: {
        requests: during.lat.length,
        p50Ms: p(during.lat, 0.5),
        p99Ms: p(during.lat, 0.99),
        failed: during.bad.length,
      },
      minerRssMb: Math.round(miner.rssMb()),
    });
    assert.deepEqual(base.bad, []);
    assert.deepEqual(during.bad, [], 'every signed request answered 200 during the attack');
    assert.ok(percentile(during.lat, 0.99) < Math.max(1000, 10 * percentile(base.lat, 0.99)), 'p99 stays bounded');
    assert.ok(miner.alive());
  } finally {
    for (const s of attackers) s.destroy();
  }
});
