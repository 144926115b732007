/**
 * Shedding before the costly work, over real HTTP: when the axon cannot admit a request (forward places and queue
 * taken, or too many requests already being checked), it is answered 503 before the nonce store, the sr25519
 * verification and the hooks see it; cheap header checks still come first; priority still orders those admitted.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { encodeJsonBody, epistulaHeaders, NonceStore, type NonceVerdict, parseJson } from '@subnetkit/synapse';
import { Keypair } from '@subnetkit/wallet';
import { Dummy } from '../../../examples/dummy/protocol.js';
import { Axon } from './axon.js';
import type { AxonOptions } from './options.js';
import type { ReplayStore } from './redis-nonce-store.js';
import { type SignedRequest, signRequest } from './test-support.js';

let alice: Keypair;
let bob: Keypair;
before(async () => {
  alice = await Keypair.fromUri('//Alice');
  bob = await Keypair.fromUri('//Bob');
});

// A uuid of its own per request: parallel requests on one key may arrive out of nonce order.
const dummy = (input: number, uuid = randomUUID()): SignedRequest =>
  signRequest(Dummy, { input }, { signer: alice, axonHotkey: bob.address, uuid });

async function post(axon: Axon, req: { headers: Record<string, string>; body: string }) {
  const res = await fetch(`http://127.0.0.1:${axon.port}/Dummy`, {
    method: 'POST',
    headers: req.headers,
    body: req.body,
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body: parseJson(bytes) as Record<string, unknown> };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** `axon_signature_checks_total` as `GET /metrics` reports it. */
async function signatureChecks(axon: Axon): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${axon.port}/metrics`)).text();
  const m = /^axon_signature_checks_total (\d+)$/m.exec(text);
  assert.ok(m, 'axon_signature_checks_total is exported');
  return Number(m[1]);
}

/** An in-memory nonce store that counts its checks and, while `hold` is set, makes them wait for `open()`. */
function countingStore(hold: boolean) {
  const inner = new NonceStore();
  let open!: () => void;
  const gate = new Promise<void>((r) => {
    open = r;
  });
  const store = {
    checks: 0,
    open: () => open(),
    check(c: Parameters<ReplayStore['check']>[0]): NonceVerdict | Promise<NonceVerdict> {
      store.checks++;
      return hold ? gate.then(() => inner.check(c)) : inner.check(c);
    },
    accept: (c: Parameters<ReplayStore['accept']>[0]) => inner.accept(c),
    setFloor: (ns: bigint) => inner.setFloor(ns),
  };
  return store;
}

/** A forward held until `open()`; `started` counts the forwards that began. */
function heldForward() {
  let open!: () => void;
  const gate = new Promise<void>((r) => {
    open = r;
  });
  const h = {
    started: 0,
    open: () => open(),
    forward: async (s: { input: number; output: number | null }) => {
      h.started++;
      await gate;
      s.output = s.input * 2;
    },
  };
  return h;
}

function axonWith(options: AxonOptions): Axon {
  return new Axon({ signer: bob, port: 0, ip: '127.0.0.1', rateLimit: false, ...options });
}

function assertShed(a: Awaited<ReturnType<typeof post>>, message: string): void {
  assert.equal(a.status, 503);
  assert.equal(a.headers.get('bt_header_axon_status_code'), '503');
  assert.equal(a.headers.get('bt_header_axon_status_message'), message);
  assert.equal(a.body.message, message);
}

describe('shedding before verification', () => {
  test('with every forward place and queue place taken, a burst of signed requests is answered 503 without a nonce check, a signature check or a hook', async () => {
    const store = countingStore(false);
    const held = heldForward();
    let verifyHooks = 0;
    // Worker threads as in production: the burst must not reach them either.
    const axon = axonWith({ maxConcurrency: 1, maxQueue: 1, verifyThreads: 1, nonceStore: store });
    axon.attach(Dummy, held.forward, {
      verify: () => {
        verifyHooks++;
      },
    });
    await axon.start();
    try {
      const running = post(axon, dummy(1));
      await until(() => held.started === 1, 'the first forward to run');
      const queued = post(axon, dummy(2));
      await until(() => axon.load.queued === 1, 'the second request to queue');
      assert.deepEqual({ nonce: store.checks, hooks: verifyHooks }, { nonce: 2, hooks: 2 });

      const burst = await Promise.all(Array.from({ length: 24 }, (_, i) => post(axon, dummy(10 + i))));
      for (const a of burst) assertShed(a, 'Service unavailable: the request queue is full');
      assert.deepEqual({ nonce: store.checks, hooks: verifyHooks }, { nonce: 2, hooks: 2 });
      assert.equal(await signatureChecks(axon), 2);
      assert.equal(held.started, 1, 'the held forward still runs: the burst was answered while it held its place');

      held.open();
      assert.equal((await running).status, 200);
      assert.equal((await queued).status, 200);
      // Places free again: the next request is admitted.
      assert.equal((await post(axon, dummy(3))).status, 200);
      assert.deepEqual(axon.load, { inFlight: 0, queued: 0, admitting: 0 });
    } finally {
      held.open();
      await axon.close();
    }
  });

  test('requests still being checked count against the queue: arrivals beyond its free places get 503 before the nonce store', async () => {
    const store = countingStore(true);
    const axon = axonWith({ maxConcurrency: 1, maxQueue: 1, verifyThreads: 0, nonceStore: store });
    axon.attach(Dummy, (s) => {
      s.output = s.input * 2;
    });
    await axon.start();
    try {
      const first = [post(axon, dummy(1)), post(axon, dummy(2))];
      await until(() => axon.load.admitting === 2, 'two requests to wait in the nonce store');
      assertShed(await post(axon, dummy(3)), 'Service unavailable: the request queue is full');
      assert.equal(store.checks, 2);
      store.open();
      assert.deepEqual(
        (await Promise.all(first)).map((a) => a.status),
        [200, 200],
      );
    } finally {
      await axon.close();
    }
  });

  test('at most maxAdmitting requests are checked at once, whatever the queue could take', async () => {
    const store = countingStore(true);
    const axon = axonWith({ maxConcurrency: 8, maxQueue: 8, maxAdmitting: 2, verifyThreads: 0, nonceStore: store });
    axon.attach(Dummy, (s) => {
      s.output = s.input * 2;
    });
    await axon.start();
    try {
      const first = [post(axon, dummy(1)), post(axon, dummy(2))];
      await until(() => axon.load.admitting === 2, 'two requests to wait in the nonce store');
      assertShed(await post(axon, dummy(3)), 'Service unavailable: 2 requests are already being verified');
      assert.equal(store.checks, 2);
      store.open();
      assert.deepEqual(
        (await Promise.all(first)).map((a) => a.status),
        [200, 200],
      );
      assert.equal(axon.load.admitting, 0);
    } finally {
      await axon.close();
    }
  });

  test('malformed headers are refused for what they are (401), before the gate: a forged flood takes no place', async () => {
    const store = countingStore(true);
    const axon = axonWith({ maxAdmitting: 1, verifyThreads: 0, nonceStore: store });
    axon.attach(Dummy, (s) => s);
    await axon.start();
    try {
      const waiting = post(axon, dummy(1));
      await until(() => axon.load.admitting === 1, 'one request to wait in the nonce store');
      const forged = dummy(2);
      forged.headers.bt_header_dendrite_hotkey = '5'.repeat(1000);
      const a = await post(axon, forged);
      assert.equal(a.status, 401);
      assert.match(String(a.body.message), /is not an SS58 address/);
      assert.equal(store.checks, 1);
      store.open();
      assert.equal((await waiting).status, 200);
    } finally {
      await axon.close();
    }
  });

  test('an Epistula request is shed before its signature check too', async () => {
    const held = heldForward();
    const axon = axonWith({ maxConcurrency: 1, maxQueue: 0, verifyThreads: 0 });
    axon.attach(Dummy, held.forward);
    await axon.start();
    try {
      const running = post(axon, dummy(1));
      await until(() => held.started === 1, 'the forward to run');
      const before = await signatureChecks(axon);
      const body = encodeJsonBody(Dummy, Dummy.create({ input: 8 }));
      const headers = {
        ...epistulaHeaders({ body, signer: alice, signedFor: bob.address }),
        'content-type': 'application/json',
      };
      const a = await post(axon, { headers, body });
      assert.equal(a.status, 503);
      assert.equal(a.body.message, 'Service unavailable: the request queue is full');
      assert.equal(await signatureChecks(axon), before);
      held.open();
      assert.equal((await running).status, 200);
    } finally {
      held.open();
      await axon.close();
    }
  });
});
