/**
 * The request matrix over real HTTP on 127.0.0.1: a //Alice dendrite (requests signed with the synapse package) against
 * a //Bob axon. Each bad input gets its status and message.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EMPTY_BODY_HASH, parseJson } from '@subnetkit/synapse';
import { Keypair } from '@subnetkit/wallet';
import { Dummy } from '../../../examples/dummy/protocol.js';
import { Axon } from './axon.js';
import { type SignedRequest, signRequest } from './test-support.js';

let alice: Keypair;
let bob: Keypair;
let charlie: Keypair;

before(async () => {
  alice = await Keypair.fromUri('//Alice');
  bob = await Keypair.fromUri('//Bob');
  charlie = await Keypair.fromUri('//Charlie');
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function post(
  axon: Axon,
  name: string,
  req: SignedRequest | { headers: Record<string, string>; body: string },
): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${axon.port}/${name}`, {
    method: 'POST',
    headers: req.headers,
    body: req.body,
  });
  const text = await res.text();
  assert.equal(res.headers.get('content-type'), 'application/json', `content-type of a ${res.status} answer`);
  return { status: res.status, headers: res.headers, body: parseJson(text) as Record<string, unknown> };
}

function dummy(input: number, o: Partial<Parameters<typeof signRequest>[2]> = {}): SignedRequest {
  return signRequest(Dummy, { input }, { signer: alice, axonHotkey: bob.address, ...o });
}

async function startAxon(options: ConstructorParameters<typeof Axon>[0] = {}): Promise<Axon> {
  const axon = new Axon({ signer: bob, port: 0, ip: '127.0.0.1', verifyThreads: 0, ...options });
  return axon;
}

describe('signed requests into a //Bob axon', () => {
  let axon: Axon;
  before(async () => {
    axon = await startAxon({ verifyThreads: 1 }); // this suite verifies in the worker pool
    axon.attach(Dummy, (s) => {
      s.output = s.input * 2;
      return s;
    });
    await axon.start();
  });
  after(() => axon.close());

  test('a good request: 200, output = 2 × input, status headers', async () => {
    const a = await post(axon, 'Dummy', dummy(21));
    assert.equal(a.status, 200);
    assert.equal(a.body.output, 42);
    assert.equal(a.headers.get('bt_header_axon_status_code'), '200');
    assert.equal(a.headers.get('bt_header_axon_status_message'), 'Success');
    assert.ok(Number(a.headers.get('bt_header_axon_process_time')) > 0);
  });

  test('the default Synapse ping route answers a signed ping with H("")', async () => {
    const { BaseSynapse } = await import('@subnetkit/synapse');
    const a = await post(axon, 'Synapse', signRequest(BaseSynapse, {}, { signer: alice, axonHotkey: bob.address }));
    assert.equal(a.status, 200);
    assert.equal(a.headers.get('computed_body_hash'), EMPTY_BODY_HASH);
  });

  test('bad signature (signed by //Charlie, claimed by //Alice): 401 Signature mismatch', async () => {
    const r = dummy(5);
    const forged = dummy(5, { signer: charlie });
    r.headers.bt_header_dendrite_signature = forged.headers.bt_header_dendrite_signature!;
    const a = await post(axon, 'Dummy', r);
    assert.equal(a.status, 401);
    assert.match(
      String(a.body.message),
      /^Not Verified with error: Signature mismatch with \d+\.5Grw\S+\.5FHn\S+ and 0x[0-9a-f]{128}$/,
    );
  });

  test('wrong target hotkey (signed for //Charlie): 401, the message shows the axon’s own hotkey', async () => {
    const a = await post(axon, 'Dummy', dummy(5, { axonHotkey: charlie.address }));
    assert.equal(a.status, 401);
    assert.match(
      String(a.body.message),
      new RegExp(`Signature mismatch with \\d+\\.${alice.address}\\.${bob.address}\\.`),
    );
  });

  test('tampered hashed field (signed input 5, body input 6): 500 hash mismatch, as Python', async () => {
    const r = dummy(5);
    r.body = r.body.replace('"input": 5', '"input": 6');
    const a = await post(axon, 'Dummy', r);
    assert.equal(a.status, 500);
    assert.match(
      String(a.body.message),
      /^Hash mismatch between header body hash 4fae6364bdbf7a0def40e782ea7656d4bc96dd42a6eaf71d62b977d74e733ecf and parsed body hash [0-9a-f]{64}$/,
    );
  });

  test('replayed nonce: 401 "a newer one was last processed"', async () => {
    const r = dummy(5);
    assert.equal((await post(axon, 'Dummy', r)).status, 200);
    const a = await post(axon, 'Dummy', r);
    assert.equal(a.status, 401);
    assert.equal(a.body.message, 'Not Verified with error: Nonce is too old, a newer one was last processed');
  });

  test('requests of one dendrite that overtook each other: each first use 200, each replay 401', async () => {
    const uuid = 'overtaken-uuid';
    const base = BigInt(Date.now()) * 1_000_000n;
    const newer = dummy(1, { uuid, nonce: base + 2_000_000n });
    const older = dummy(2, { uuid, nonce: base + 1_000_000n });
    assert.equal((await post(axon, 'Dummy', newer)).status, 200);
    assert.equal((await post(axon, 'Dummy', older)).status, 200, 'an unused nonce just below the newest');
    for (const r of [older, newer]) {
      const again = await post(axon, 'Dummy', r);
      assert.equal(again.status, 401);
      assert.equal(again.body.message, 'Not Verified with error: Nonce is too old, a newer one was last processed');
    }
  });

  test('stale nonce (20 s old, timeout 12): 401 with the window and the age', async () => {
    const nonce = BigInt(Date.now() - 20_000) * 1_000_000n;
    const a = await post(axon, 'Dummy', dummy(5, { nonce, uuid: 'stale-uuid' }));
    assert.equal(a.status, 401);
    assert.match(
      String(a.body.message),
      /^Not Verified with error: Nonce is too old: acceptable delta is 16\.00 seconds but request was 2\d\.\d\d seconds old$/,
    );
  });

  test('missing signature: 401 (Python ≤ 10.4 let it through)', async () => {
    const r = dummy(5);
    delete r.headers.bt_header_dendrite_signature;
    const a = await post(axon, 'Dummy', r);
    assert.equal(a.status, 401);
    assert.equal(a.body.message, 'Not Verified with error: Missing signature');
    const empty = dummy(5, { signature: '' });
    assert.equal((await post(axon, 'Dummy', empty)).body.message, 'Not Verified with error: Missing signature');
  });

  test('no hotkey: 401 with Python’s message', async () => {
    const r = dummy(5);
    delete r.headers.bt_header_dendrite_hotkey;
    const a = await post(axon, 'Dummy', r);
    assert.equal(a.status, 401);
    assert.equal(a.body.message, 'Not Verified with error: No SS58 formatted address or public key provided.');
  });

  test('unknown synapse: 404 listing the attached ones', async () => {
    const a = await post(axon, 'Nope', dummy(5));
    assert.equal(a.status, 404);
    assert.equal(a.body.message, "Synapse name 'Nope' not found. Available synapses ['Synapse', 'Dummy']");
    const root = await fetch(`http://127.0.0.1:${axon.port}/`);
    assert.equal(root.status, 404);
    assert.equal(
      ((await root.json()) as { message: string }).message,
      "Synapse name '' not found. Available synapses ['Synapse', 'Dummy']",
    );
  });

  test('malformed JSON body: 400', async () => {
    const r = dummy(5);
    r.body = r.body.slice(0, -5);
    const a = await post(axon, 'Dummy', r);
    assert.equal(a.status, 400);
    assert.match(String(a.body.message), /^Malformed request body: /);
  });

  test('wrong types (input "five"): 422 naming the field', async () => {
    const r = dummy(5);
    r.body = r.body.replace('"input": 5', '"input": "five"');
    const a = await post(axon, 'Dummy', r);
    assert.equal(a.status, 422);
    assert.match(String(a.body.message), /^Invalid Dummy body: .*input/);
  });

  test('missing bt_header_input_obj_input: 400 naming the header (Python answers 500)', async () => {
    const r = dummy(5);
    delete r.headers.bt_header_input_obj_input;
    const a = await post(axon, 'Dummy', r);
    assert.equal(a.status, 400);
    assert.match(String(a.body.message), /bt_header_input_obj_input/);
  });

  test('GET /health is unsigned and minimal', async () => {
    const res = await fetch(`http://127.0.0.1:${axon.port}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  test('GET /metrics: requests by synapse and status, latency histogram, queue depth, in-flight', async () => {
    const res = await fetch(`http://127.0.0.1:${axon.port}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await res.text();
    const count = (synapse: string, status: number) =>
      Number(
        new RegExp(`^axon_requests_total\\{synapse="${synapse}",status="${status}"\\} (\\d+)$`, 'm').exec(text)?.[1],
      );
    assert.ok(count('Dummy', 200) >= 2, 'successful Dummy requests counted');
    assert.ok(count('Dummy', 401) >= 4, '401s counted');
    assert.equal(count('unknown', 404), 2, 'unknown routes share one label');
    assert.match(text, /^axon_request_duration_seconds_bucket\{le="0\.005",synapse="Dummy"\} \d+$/m);
    assert.match(text, /^axon_request_duration_seconds_count\{synapse="Dummy"\} \d+$/m);
    assert.match(text, /^axon_queue_depth 0$/m);
    assert.match(text, /^axon_in_flight 0$/m);
    assert.doesNotMatch(text, /synapse="Nope"/);
  });

  test('info(): the AxonInfo serve_axon publishes', () => {
    assert.deepEqual(axon.info(), {
      version: 10002000,
      ip: '127.0.0.1',
      ip_type: 4,
      port: axon.port,
      hotkey: bob.address,
      coldkey: null,
      protocol: 4,
      placeholder1: 0,
      placeholder2: 0,
    });
  });
});

test('oversize body: 413 with the limit', async () => {
  const axon = await startAxon({ bodyLimit: 2048 });
  axon.attach(Dummy, (s) => s);
  await axon.start();
  try {
    const r = dummy(5);
    r.body = r.body.replace('"output": null', `"output": null, "pad": "${'x'.repeat(4000)}"`);
    const a = await post(axon, 'Dummy', r);
    assert.equal(a.status, 413);
    assert.equal(a.body.message, 'Request body is too large: the limit is 2048 bytes');
    const metrics = await (await fetch(`http://127.0.0.1:${axon.port}/metrics`)).text();
    assert.match(metrics, /^axon_requests_total\{synapse="Dummy",status="413"\} 1$/m);
  } finally {
    await axon.close();
  }
});

test('a nonce from before the axon started is refused, so a restart reopens no replay', async () => {
  const axon = await startAxon();
  axon.attach(Dummy, (s) => s);
  const early = dummy(5, { nonce: BigInt(Date.now() - 1000) * 1_000_000n, uuid: 'before-start' });
  await new Promise((r) => setTimeout(r, 5));
  await axon.start();
  try {
    const a = await post(axon, 'Dummy', early);
    assert.equal(a.status, 401);
    assert.equal(a.body.message, 'Not Verified with error: Nonce is too old: it predates what this axon can vouch for');
  } finally {
    await axon.close();
  }
});

describe('blacklist', () => {
  test('[true, reason] → 403 with Python’s message; verified first by default', async () => {
    const seen: string[] = [];
    const axon = await startAxon();
    axon.attach(Dummy, (s) => s, {
      blacklist: (_s, ctx) => {
        seen.push(ctx.hotkey);
        return [ctx.hotkey === alice.address, 'alice is not welcome'];
      },
    });
    await axon.start();
    try {
      const a = await post(axon, 'Dummy', dummy(5));
      assert.equal(a.status, 403);
      assert.equal(a.body.message, 'Forbidden. Key is blacklisted: alice is not welcome.');
      // A forged request fails verification before the blacklist hook sees it.
      const bad = await post(axon, 'Dummy', dummy(5, { signature: `0x${'11'.repeat(64)}` }));
      assert.equal(bad.status, 401);
      assert.equal(seen.length, 1);
    } finally {
      await axon.close();
    }
  });

  test('blacklistBeforeVerify (Python order): a forged request is answered 403 before verification', async () => {
    const axon = await startAxon({ blacklistBeforeVerify: true });
    axon.attach(Dummy, (s) => s, { blacklist: async () => [true, 'nobody'] as const });
    await axon.start();
    try {
      const a = await post(axon, 'Dummy', dummy(5, { signature: `0x${'11'.repeat(64)}` }));
      assert.equal(a.status, 403);
      assert.equal(a.body.message, 'Forbidden. Key is blacklisted: nobody.');
    } finally {
      await axon.close();
    }
  });

  test('a custom verify hook runs after the built-in check; throwing refuses with 401', async () => {
    const axon = await startAxon();
    axon.attach(Dummy, (s) => s, {
      verify: (s) => {
        if (s.timeout !== 12) throw new Error('timeout must be 12');
      },
    });
    await axon.start();
    try {
      assert.equal((await post(axon, 'Dummy', dummy(5))).status, 200);
      const a = await post(axon, 'Dummy', dummy(5, { timeout: 3 }));
      assert.equal(a.status, 401);
      assert.equal(a.body.message, 'Not Verified with error: timeout must be 12');
    } finally {
      await axon.close();
    }
  });
});

test('rate limit per hotkey: 429 with retry-after once the burst is spent', async () => {
  const axon = await startAxon({ rateLimit: { perSecond: 1, burst: 2 } });
  axon.attach(Dummy, (s) => s);
  await axon.start();
  try {
    assert.equal((await post(axon, 'Dummy', dummy(1))).status, 200);
    assert.equal((await post(axon, 'Dummy', dummy(2))).status, 200);
    const a = await post(axon, 'Dummy', dummy(3));
    assert.equal(a.status, 429);
    assert.equal(a.body.message, `Too many requests: rate limit for hotkey ${alice.address} exceeded`);
    assert.equal(a.headers.get('retry-after'), '1');
    // Another hotkey has its own budget.
    const c = signRequest(Dummy, { input: 1 }, { signer: charlie, axonHotkey: bob.address });
    assert.equal((await post(axon, 'Dummy', c)).status, 200);
  } finally {
    await axon.close();
  }
});

test('a header section over maxHeaderSize is refused by the HTTP parser (431)', async () => {
  const axon = await startAxon({ maxHeaderSize: 4096 });
  axon.attach(Dummy, (s) => s);
  await axon.start();
  try {
    const r = dummy(5);
    const res = await fetch(`http://127.0.0.1:${axon.port}/Dummy`, {
      method: 'POST',
      headers: { ...r.headers, 'x-padding': 'y'.repeat(8000) },
      body: r.body,
    });
    assert.equal(res.status, 431);
  } finally {
    await axon.close();
  }
});
