/**
 * Scheduling and lifecycle over real HTTP: the priority queue really orders, sheds with 503 when full, the synapse
 * timeout gives 408 and fires the forward's AbortSignal, streaming, msgpack, Epistula, frozen fields, forward-chosen
 * statuses, and a graceful close().
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { before, describe, test } from 'node:test';
import {
  decodeMsgpackBody,
  defineSynapse,
  encodeJsonBody,
  encodeMsgpackBody,
  epistulaHeaders,
  MSGPACK_CONTENT_TYPE,
  parseJson,
  t,
} from '@subnetkit/synapse';
import { Keypair } from '@subnetkit/wallet';
import { Dummy, DummyStream } from '../../../examples/dummy/protocol.js';
import { Axon } from './axon.js';
import type { AxonOptions } from './options.js';
import { rawExchange, rawRequest, type SignedRequest, signRequest } from './test-support.js';

let alice: Keypair;
let bob: Keypair;
before(async () => {
  alice = await Keypair.fromUri('//Alice');
  bob = await Keypair.fromUri('//Bob');
});

const dummy = (input: number, uuid?: string, timeout?: number): SignedRequest =>
  signRequest(
    Dummy,
    { input },
    { signer: alice, axonHotkey: bob.address, ...(uuid ? { uuid } : {}), ...(timeout ? { timeout } : {}) },
  );

async function post(axon: Axon, name: string, req: { headers: Record<string, string>; body: string | Uint8Array }) {
  const res = await fetch(`http://127.0.0.1:${axon.port}/${name}`, {
    method: 'POST',
    headers: req.headers,
    body: req.body,
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const json = res.headers.get('content-type') === 'application/json';
  return {
    status: res.status,
    headers: res.headers,
    bytes,
    body: (json ? parseJson(bytes) : {}) as Record<string, unknown>,
  };
}

function axonWith(options: AxonOptions = {}): Axon {
  return new Axon({ signer: bob, port: 0, ip: '127.0.0.1', verifyThreads: 0, rateLimit: false, ...options });
}

async function until(cond: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A forward that records inputs and holds input 100 until released. */
function gated() {
  const order: number[] = [];
  let open!: () => void;
  const gate = new Promise<void>((r) => {
    open = r;
  });
  const forward = async (s: { input: number; output: number | null }) => {
    order.push(s.input);
    if (s.input === 100) await gate;
    s.output = s.input * 2;
  };
  return { order, open: () => open(), forward };
}

// The priority hook sees the header synapse (body fields hold placeholders), so the tests carry priority in the uuid.
const byUuid = (s: { dendrite: { uuid: string | null } }) => Number(s.dendrite.uuid?.split('-')[1] ?? 0);

describe('priority queue', () => {
  test('queued forwards run highest priority first, FIFO among equals', async () => {
    const axon = axonWith({ maxConcurrency: 1, maxQueue: 10 });
    const g = gated();
    axon.attach(Dummy, g.forward, { priority: byUuid });
    await axon.start();
    try {
      const blocker = post(axon, 'Dummy', dummy(100, 'p-0'));
      await until(() => g.order.length === 1, 'the blocker to run');
      const waiting: Promise<unknown>[] = [];
      for (const [input, prio] of [
        [1, 1],
        [5, 5],
        [3, 3],
        [6, 5],
      ] as const) {
        waiting.push(post(axon, 'Dummy', dummy(input, `p-${prio}-${input}`)));
        await until(() => axon.load.queued === waiting.length, `request ${input} to queue`);
      }
      g.open();
      const answers = (await Promise.all([blocker, ...waiting])) as { status: number }[];
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200, 200, 200, 200],
      );
      assert.deepEqual(g.order, [100, 5, 6, 3, 1]);
    } finally {
      await axon.close();
    }
  });

  test('a full queue sheds: 503 for an equal priority, the lowest waiter for a higher one', async () => {
    const axon = axonWith({ maxConcurrency: 1, maxQueue: 1 });
    const g = gated();
    axon.attach(Dummy, g.forward, { priority: byUuid });
    await axon.start();
    try {
      const blocker = post(axon, 'Dummy', dummy(100, 'p-0'));
      await until(() => g.order.length === 1, 'the blocker to run');
      const low = post(axon, 'Dummy', dummy(1, 'p-1'));
      await until(() => axon.load.queued === 1, 'the low request to queue');
      const same = await post(axon, 'Dummy', dummy(2, 'p-1-b'));
      assert.equal(same.status, 503);
      assert.equal(same.body.message, 'Service unavailable: the request queue is full');
      const high = post(axon, 'Dummy', dummy(9, 'p-9'));
      const shed = await low;
      assert.equal(shed.status, 503);
      assert.equal(shed.body.message, 'Service unavailable: shed from the full queue by a higher priority request');
      g.open();
      assert.equal((await high).status, 200);
      assert.equal((await blocker).status, 200);
      assert.deepEqual(g.order, [100, 9]);
    } finally {
      await axon.close();
    }
  });
});

describe('timeouts', () => {
  test('the synapse timeout is enforced: 408 and the forward’s AbortSignal fires', async () => {
    const axon = axonWith();
    let observed: unknown;
    axon.attach(Dummy, async (s, { signal }) => {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      observed = signal.reason;
      return s;
    });
    await axon.start();
    try {
      const t0 = Date.now();
      const a = await post(axon, 'Dummy', dummy(5, undefined, 0.3));
      assert.equal(a.status, 408);
      assert.equal(a.body.message, 'Response timeout after: 0.3s');
      assert.equal(a.headers.get('bt_header_axon_status_code'), '408');
      assert.ok(Date.now() - t0 < 5000);
      await until(() => observed !== undefined, 'the handler to see the abort');
      assert.equal((observed as { status?: number }).status, 408);
    } finally {
      await axon.close();
    }
  });

  test('waiting in the queue past the timeout is a 408 too', async () => {
    const axon = axonWith({ maxConcurrency: 1 });
    const g = gated();
    axon.attach(Dummy, g.forward);
    await axon.start();
    try {
      const blocker = post(axon, 'Dummy', dummy(100, undefined, 10));
      await until(() => g.order.length === 1, 'the blocker to run');
      const a = await post(axon, 'Dummy', dummy(1, undefined, 0.3));
      assert.equal(a.status, 408);
      assert.equal(a.body.message, 'Response timeout after: 0.3s');
      g.open();
      assert.equal((await blocker).status, 200);
      assert.deepEqual(g.order, [100]);
    } finally {
      await axon.close();
    }
  });

  test('a client that hangs up aborts the forward', async () => {
    const axon = axonWith();
    let observed: unknown;
    let started = false;
    axon.attach(Dummy, async (s, { signal }) => {
      started = true;
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      observed = signal.reason;
      return s;
    });
    await axon.start();
    try {
      const r = dummy(5);
      const sock = connect({ host: '127.0.0.1', port: axon.port });
      sock.on('error', () => {});
      sock.write(rawRequest('/Dummy', r.headers, r.body));
      await until(() => started, 'the forward to start');
      sock.destroy();
      await until(() => observed !== undefined, 'the abort');
      assert.equal((observed as { status?: number }).status, 499);
    } finally {
      await axon.close();
    }
  });
});

describe('answers', () => {
  test('streaming: 200 text/event-stream, headers first, chunks as they come', async () => {
    const axon = axonWith();
    axon.attach(DummyStream, async function* (s) {
      for (let i = 0; i < s.count; i++) {
        yield i % 2 ? `tok${i} ` : new TextEncoder().encode(`tok${i} `);
        await new Promise((r) => setTimeout(r, 10));
      }
    });
    await axon.start();
    try {
      const r = signRequest(DummyStream, { count: 4 }, { signer: alice, axonHotkey: bob.address });
      const res = await rawExchange(axon.port, rawRequest('/DummyStream', r.headers, r.body));
      assert.equal(res.status, 200);
      assert.deepEqual(res.chunks, ['tok0 ', 'tok1 ', 'tok2 ', 'tok3 ']);
      const h = new Map(res.headers);
      assert.equal(h.get('content-type'), 'text/event-stream');
      assert.equal(h.get('bt_header_axon_status_code'), '200');
      assert.equal(h.get('name'), 'DummyStream');
    } finally {
      await axon.close();
    }
  });

  test('a stream that outlives its timeout is cut (no terminating chunk)', async () => {
    const axon = axonWith();
    axon.attach(DummyStream, async function* (_s, { signal }) {
      yield 'first ';
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      yield 'late ';
    });
    await axon.start();
    try {
      const r = signRequest(DummyStream, { count: 1 }, { signer: alice, axonHotkey: bob.address, timeout: 0.3 });
      const res = await fetch(`http://127.0.0.1:${axon.port}/DummyStream`, {
        method: 'POST',
        headers: r.headers,
        body: r.body,
      });
      assert.equal(res.status, 200);
      await assert.rejects(res.text(), /terminated|other side closed|aborted/i);
    } finally {
      await axon.close();
    }
  });

  test('msgpack request → msgpack answer', async () => {
    const axon = axonWith();
    axon.attach(Dummy, (s) => {
      s.output = s.input * 2;
      return s;
    });
    await axon.start();
    try {
      const r = dummy(7);
      const synapse = Dummy.fromBody(parseJson(r.body));
      const a = await post(axon, 'Dummy', {
        headers: { ...r.headers, 'content-type': MSGPACK_CONTENT_TYPE },
        body: encodeMsgpackBody(Dummy, synapse),
      });
      assert.equal(a.status, 200);
      assert.equal(a.headers.get('content-type'), MSGPACK_CONTENT_TYPE);
      assert.equal(decodeMsgpackBody(Dummy, a.bytes).output, 14);
    } finally {
      await axon.close();
    }
  });

  test('Epistula v2 on the same route: accepted when signed for this axon; refused otherwise', async () => {
    const axon = axonWith();
    const schemes: string[] = [];
    axon.attach(
      Dummy,
      (s, ctx) => {
        schemes.push(`${ctx.scheme}:${ctx.hotkey === alice.address}`);
        s.output = s.input * 2;
        return s;
      },
      { blacklist: (s) => [s.input === 13, 'unlucky'] },
    );
    await axon.start();
    try {
      const body = encodeJsonBody(Dummy, Dummy.create({ input: 8 }));
      const ok = {
        ...epistulaHeaders({ body, signer: alice, signedFor: bob.address }),
        'content-type': 'application/json',
      };
      const a = await post(axon, 'Dummy', { headers: ok, body });
      assert.equal(a.status, 200);
      assert.equal(a.body.output, 16);
      assert.deepEqual(schemes, ['epistula:true']);
      // Replay of the same signed request.
      const replay = await post(axon, 'Dummy', { headers: ok, body });
      assert.equal(replay.status, 401);
      assert.match(String(replay.body.message), /^Not Verified with error: Epistula REPLAY/);
      // Tampered body.
      const h2 = {
        ...epistulaHeaders({ body, signer: alice, signedFor: bob.address }),
        'content-type': 'application/json',
      };
      const bad = await post(axon, 'Dummy', { headers: h2, body: body.replace('"input": 8', '"input": 9') });
      assert.equal(bad.status, 401);
      assert.match(String(bad.body.message), /Epistula BAD_SIGNATURE/);
      // Not signed for anyone.
      const h3 = { ...epistulaHeaders({ body, signer: alice }), 'content-type': 'application/json' };
      const anon = await post(axon, 'Dummy', { headers: h3, body });
      assert.equal(anon.status, 401);
      assert.match(String(anon.body.message), /Epistula-Signed-For is required/);
      // The same hooks run: blacklist.
      const b13 = encodeJsonBody(Dummy, Dummy.create({ input: 13 }));
      const h4 = {
        ...epistulaHeaders({ body: b13, signer: alice, signedFor: bob.address }),
        'content-type': 'application/json',
      };
      const black = await post(axon, 'Dummy', { headers: h4, body: b13 });
      assert.equal(black.status, 403);
      assert.equal(black.body.message, 'Forbidden. Key is blacklisted: unlucky.');
    } finally {
      await axon.close();
    }
  });

  test('a route can refuse Epistula', async () => {
    const axon = axonWith();
    axon.attach(Dummy, (s) => s, { epistula: false });
    await axon.start();
    try {
      const body = encodeJsonBody(Dummy, Dummy.create({ input: 8 }));
      const h = {
        ...epistulaHeaders({ body, signer: alice, signedFor: bob.address }),
        'content-type': 'application/json',
      };
      const a = await post(axon, 'Dummy', { headers: h, body });
      assert.equal(a.status, 401);
      assert.match(String(a.body.message), /Epistula requests are not accepted on \/Dummy/);
    } finally {
      await axon.close();
    }
  });

  test('frozen fields keep the request’s values whatever the forward returns', async () => {
    const Frozen = defineSynapse({
      name: 'Frozen',
      fields: { task: t.str().frozen(), answer: t.str().optional() },
      hashFields: ['task'],
    });
    const axon = axonWith();
    axon.attach(Frozen, (s) => ({ ...s, task: 'overwritten', answer: `done: ${s.task}` }));
    await axon.start();
    try {
      const r = signRequest(Frozen, { task: 'original' }, { signer: alice, axonHotkey: bob.address });
      const a = await post(axon, 'Frozen', r);
      assert.equal(a.status, 200);
      assert.equal(a.body.task, 'original');
      assert.equal(a.body.answer, 'done: original');
    } finally {
      await axon.close();
    }
  });

  test('a forward may choose the status (full synapse body), or fail (500, details only in the log)', async () => {
    const axon = axonWith();
    axon.attach(Dummy, (s) => {
      if (s.input === 1) {
        s.axon.status_code = 404;
        s.axon.status_message = 'no model for 1';
        return s;
      }
      throw new Error('secret internal detail');
    });
    await axon.start();
    try {
      const a = await post(axon, 'Dummy', dummy(1));
      assert.equal(a.status, 404);
      assert.equal(a.body.input, 1);
      assert.equal(a.headers.get('bt_header_axon_status_message'), 'no model for 1');
      const b = await post(axon, 'Dummy', dummy(2));
      assert.equal(b.status, 500);
      assert.match(String(b.body.message), /^Internal Server Error #[0-9a-f-]{36}$/);
      assert.doesNotMatch(JSON.stringify([...b.headers]), /secret internal detail/);
    } finally {
      await axon.close();
    }
  });
});

describe('close()', () => {
  test('graceful: in-flight requests finish, then nothing is accepted', async () => {
    const axon = axonWith();
    let started = false;
    axon.attach(Dummy, async (s) => {
      started = true;
      await new Promise((r) => setTimeout(r, 300));
      s.output = 1;
      return s;
    });
    await axon.start();
    const port = axon.port;
    const inflight = post(axon, 'Dummy', dummy(5));
    await until(() => started, 'the forward to start');
    await axon.close();
    const a = await inflight;
    assert.equal(a.status, 200);
    assert.equal(a.body.output, 1);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/health`), /fetch failed/);
  });

  test('past the deadline in-flight forwards are aborted and close() returns', async () => {
    const axon = axonWith();
    let observed: unknown;
    axon.attach(Dummy, async (s, { signal }) => {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      observed = signal.reason;
      return s;
    });
    await axon.start();
    const inflight = post(axon, 'Dummy', dummy(5)).catch((err: Error) => err);
    await until(() => axon.load.inFlight === 1, 'the forward to start');
    const t0 = Date.now();
    await axon.close(200);
    assert.ok(Date.now() - t0 < 5000, 'close() kept its deadline');
    assert.equal((observed as { status?: number }).status, 503);
    await inflight;
  });
});
