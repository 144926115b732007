/**
 * Regression tests for what trying the axon as an attacker found (each failed before its fix): unbounded headers,
 * idle and slow connections, a caller choosing the answer's status, a timed-out stream that looked complete, errors
 * Node answered without the bittensor headers, and small protocol slips. Real sockets on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { encodeMsgpackBody, epistulaHeaders, parseJson } from '@subnetkit/synapse';
import { Keypair } from '@subnetkit/wallet';
import { Dummy, DummyStream } from '../../../examples/dummy/protocol.js';
import { Axon } from './axon.js';
import { rawExchange, rawRequest, signRequest } from './test-support.js';

let alice: Keypair;
let bob: Keypair;

before(async () => {
  alice = await Keypair.fromUri('//Alice');
  bob = await Keypair.fromUri('//Bob');
});

function header(res: { headers: [string, string][] }, name: string): string | undefined {
  return res.headers.find(([k]) => k === name)?.[1];
}

/** Every error answer: the bittensor status headers and a JSON `{message}`. */
function assertBittensorError(res: { status: number; headers: [string, string][]; body: string }, status: number) {
  assert.equal(res.status, status, res.body);
  assert.equal(header(res, 'bt_header_axon_status_code'), String(status));
  assert.ok(header(res, 'bt_header_axon_status_message'));
  assert.equal(header(res, 'content-type'), 'application/json');
  const body = JSON.parse(res.body) as { message: string };
  assert.equal(typeof body.message, 'string');
  return body.message;
}

/** Raw bytes until the server closes; `closedMs` is when the close came. */
function collect(sock: Socket): Promise<{ data: Buffer; closedMs: number }> {
  const t0 = performance.now();
  const parts: Buffer[] = [];
  sock.on('data', (d) => parts.push(d));
  return new Promise((resolve) => {
    sock.on('error', () => {});
    sock.on('close', () => resolve({ data: Buffer.concat(parts), closedMs: performance.now() - t0 }));
  });
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.on('error', reject);
  });
}

describe('an axon under hostile requests', () => {
  let axon: Axon;
  before(async () => {
    axon = new Axon({
      signer: bob,
      port: 0,
      ip: '127.0.0.1',
      verifyThreads: 0,
      headersTimeoutMs: 600,
      requestTimeoutMs: 1200,
      maxConnectionsPerAddress: 40,
      rateLimit: false,
    });
    axon.attach(Dummy, (s) => {
      s.output = s.input * 2;
      return s;
    });
    axon.attach(DummyStream, async function* (_s, { signal }) {
      for (let i = 0; !signal.aborted; i++) yield `tok${i} `.padEnd(1024, '.');
    });
    await axon.start();
  });
  after(() => axon.stop(1000));

  test('1: a 15,000-character hotkey is refused at once and stalls nobody', async () => {
    const r = signRequest(Dummy, { input: 1 }, { signer: alice, axonHotkey: bob.address });
    r.headers.bt_header_dendrite_hotkey = '5'.repeat(15_000);
    const [bad, good] = await Promise.all([
      rawExchange(axon.port, rawRequest('/Dummy', r.headers, r.body)),
      (async () => {
        await new Promise((res) => setTimeout(res, 5));
        const g = signRequest(Dummy, { input: 2 }, { signer: alice, axonHotkey: bob.address });
        return rawExchange(axon.port, rawRequest('/Dummy', g.headers, g.body));
      })(),
    ]);
    assert.match(assertBittensorError(bad, 401), /is not an SS58 address/);
    assert.ok(bad.body.length < 400, 'the message does not echo 15,000 characters');
    assert.equal(good.status, 200);
    // Five more, one after another: decoding each used to hold the event loop ~1 s (more on a loaded machine).
    const t1 = performance.now();
    for (let i = 0; i < 5; i++) {
      const q = signRequest(Dummy, { input: 1 }, { signer: alice, axonHotkey: bob.address });
      q.headers.bt_header_dendrite_hotkey = '5'.repeat(15_000);
      assert.equal((await rawExchange(axon.port, rawRequest('/Dummy', q.headers, q.body))).status, 401);
    }
    const ms = performance.now() - t1;
    assert.ok(ms < 2500, `five refused in ${ms.toFixed(0)} ms (decoding used to take ~5 s)`);
  });

  test('1: an Epistula-Signed-By of 15,000 characters is refused by its format', async () => {
    const body = JSON.stringify({ input: 1 });
    const h = { ...epistulaHeaders({ body, signer: alice, signedFor: bob.address }) } as Record<string, string>;
    h['Epistula-Signed-By'] = '5'.repeat(15_000);
    h['content-type'] = 'application/json';
    const res = await rawExchange(axon.port, rawRequest('/Dummy', h, body));
    assert.match(assertBittensorError(res, 401), /47-49 base58/);
  });

  test('7: a dendrite uuid longer than a UUID is refused before it reaches the nonce store', async () => {
    const r = signRequest(Dummy, { input: 1 }, { signer: alice, axonHotkey: bob.address, uuid: 'u'.repeat(14_000) });
    const res = await rawExchange(axon.port, rawRequest('/Dummy', r.headers, r.body));
    assert.match(assertBittensorError(res, 401), /is not a UUID/);
  });

  test('4: the caller cannot choose the status: an axon block in the body is ignored', async () => {
    for (const code of [503, 404, 199, 600, 999]) {
      const r = signRequest(Dummy, { input: 4 }, { signer: alice, axonHotkey: bob.address });
      const body = JSON.parse(r.body);
      body.axon.status_code = code;
      body.axon.status_message = 'spoofed';
      body.axon.process_time = 99;
      // Unhashed fields: the signature still verifies.
      const res = await rawExchange(axon.port, rawRequest('/Dummy', r.headers, JSON.stringify(body)));
      assert.equal(res.status, 200, `status_code ${code} in the body`);
      assert.equal(header(res, 'bt_header_axon_status_code'), '200');
      assert.equal(header(res, 'bt_header_axon_status_message'), 'Success');
      const out = parseJson(res.body) as { output: number; axon: { status_code: number; status_message: string } };
      assert.equal(out.output, 8);
      assert.deepEqual([out.axon.status_code, out.axon.status_message], [200, 'Success']);
    }
  });

  test('5: a stream cut by the timeout ends broken, not with a clean final chunk', async () => {
    const r = signRequest(DummyStream, { count: 3 }, { signer: alice, axonHotkey: bob.address, timeout: 0.5 });
    const sock = await open(axon.port);
    const done = collect(sock);
    sock.pause(); // a slow reader: the stream fills the socket and waits at a yield when the timeout passes
    sock.write(rawRequest('/DummyStream', r.headers, r.body));
    await new Promise((res) => setTimeout(res, 1200));
    sock.resume();
    const { data } = await done;
    const text = data.toString('latin1');
    assert.match(text, /^HTTP\/1\.1 200/);
    assert.match(text, /\r\ntransfer-encoding: chunked\r\n/i);
    assert.ok(!text.endsWith('\r\n0\r\n\r\n'), 'no terminating chunk');
  });

  test('9: Content-Type APPLICATION/MSGPACK is read as msgpack', async () => {
    const r = signRequest(Dummy, { input: 6 }, { signer: alice, axonHotkey: bob.address });
    const s = Dummy.fromBody(parseJson(r.body));
    const body = encodeMsgpackBody(Dummy, s);
    const res = await rawExchange(
      axon.port,
      rawRequest('/Dummy', { ...r.headers, 'content-type': 'APPLICATION/MSGPACK; charset=binary' }, body),
    );
    assert.equal(res.status, 200, res.body);
    assert.equal(header(res, 'content-type'), 'application/msgpack');
  });

  test('9: a duplicated Host header and an HTTP/2.0 request line are refused with 400', async () => {
    const r = signRequest(Dummy, { input: 1 }, { signer: alice, axonHotkey: bob.address });
    const twoHosts = Buffer.from(
      rawRequest('/Dummy', r.headers, r.body)
        .toString('latin1')
        .replace('host: 127.0.0.1\r\n', 'host: 127.0.0.1\r\nHost: evil.example\r\n'),
      'latin1',
    );
    assert.match(assertBittensorError(await rawExchange(axon.port, twoHosts), 400), /more than one Host header/);
    const h2 = Buffer.from(
      rawRequest('/Dummy', r.headers, r.body).toString('latin1').replace('HTTP/1.1', 'HTTP/2.0'),
      'latin1',
    );
    const res = await rawExchange(axon.port, h2);
    assert.equal(res.status, 400);
    assert.match(JSON.parse(res.body).message, /HTTP\/2\.0 is not supported/);
  });

  test('8: errors raised by Node and fastify carry the bittensor headers and a JSON message', async () => {
    const cases: [string, Buffer | string, number][] = [
      ['NUL in a header value', 'POST /Dummy HTTP/1.1\r\nhost: x\r\nx-a: a\u0000b\r\ncontent-length: 0\r\n\r\n', 400],
      ['control character in a header value', 'POST /Dummy HTTP/1.1\r\nhost: x\r\nx-a: a\u0001b\r\n\r\n', 400],
      ['bad URL encoding', 'GET /%ff%fe HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n', 400],
      ['unknown method', 'FOO /Dummy HTTP/1.1\r\nhost: x\r\n\r\n', 400],
      ['Expect: bogus', 'POST /Dummy HTTP/1.1\r\nhost: x\r\nexpect: bogus\r\ncontent-length: 0\r\n\r\n', 417],
      ['header section too large', `GET /Dummy HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    ];
    for (const [what, bytes, status] of cases) {
      const res = await rawExchange(axon.port, bytes);
      assert.equal(res.status, status, what);
      assertBittensorError(res, status);
    }
  });

  test('2: idle, slowloris and slow-body connections are closed on their deadlines', async () => {
    const idle = await open(axon.port);
    const slowHeaders = await open(axon.port);
    const slowBody = await open(axon.port);
    const results = Promise.all([collect(idle), collect(slowHeaders), collect(slowBody)]);
    slowBody.write('POST /Dummy HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\n{');
    const trickle = setInterval(() => {
      if (!slowHeaders.destroyed) slowHeaders.write('x-a: b\r\n');
      if (!slowBody.destroyed) slowBody.write(' ');
    }, 100);
    slowHeaders.write('POST /Dummy HTTP/1.1\r\n');
    try {
      const [a, b, c] = await results;
      for (const [what, r, limit] of [
        ['idle', a, 600],
        ['slowloris', b, 600],
        ['slow body', c, 1200],
      ] as const) {
        assert.ok(r.closedMs < limit + 1500, `${what} closed after ${r.closedMs.toFixed(0)} ms (deadline ${limit})`);
      }
      assert.match(b.data.toString('latin1'), /^HTTP\/1\.1 408/, 'the slowloris connection is told why');
    } finally {
      clearInterval(trickle);
    }
  });

  test('2: connections beyond the per-address cap are answered 503 and closed; others still served', async () => {
    const held: Socket[] = [];
    try {
      for (let i = 0; i < 40; i++) held.push(await open(axon.port));
      const extra = await rawExchange(axon.port, 'GET /health HTTP/1.1\r\nhost: x\r\n\r\n');
      assert.match(assertBittensorError(extra, 503), /too many open connections from your address/);
    } finally {
      for (const s of held) s.destroy();
    }
    await new Promise((res) => setTimeout(res, 100));
    const r = signRequest(Dummy, { input: 3 }, { signer: alice, axonHotkey: bob.address });
    assert.equal((await rawExchange(axon.port, rawRequest('/Dummy', r.headers, r.body))).status, 200);
  });
});

describe('what held when tried as an attacker would, kept so', () => {
  let axon: Axon;
  before(async () => {
    axon = new Axon({ signer: bob, port: 0, ip: '127.0.0.1', verifyThreads: 0, rateLimit: false });
    axon.attach(Dummy, (s) => {
      s.output = s.input * 2;
      return s;
    });
    await axon.start();
  });
  after(() => axon.stop(1000));

  test('CL+TE, duplicate Content-Length and bad chunking: 400 with the bittensor headers, then close', async () => {
    const r = signRequest(Dummy, { input: 1 }, { signer: alice, axonHotkey: bob.address });
    const head = `POST /Dummy HTTP/1.1\r\nhost: x\r\n${Object.entries(r.headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}`;
    const n = Buffer.byteLength(r.body);
    for (const [what, framing, body] of [
      ['CL+TE', `content-length: ${n}\r\ntransfer-encoding: chunked\r\n`, r.body],
      ['duplicate CL', `content-length: ${n}\r\ncontent-length: ${n + 1}\r\n`, r.body],
      ['bad chunk size', 'transfer-encoding: chunked\r\n', `zz\r\n${r.body}\r\n0\r\n\r\n`],
    ] as const) {
      const res = await rawExchange(axon.port, `${head}${framing}\r\n${body}`);
      assert.equal(res.status, 400, what);
      assertBittensorError(res, 400);
    }
  });

  test('a body nested 100,000 deep is a fast 400; a 64 MB gzip bomb is never inflated', async () => {
    const deep = signRequest(Dummy, { input: 1 }, { signer: alice, axonHotkey: bob.address });
    const body = deep.body.replace(/}$/, `, "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const t0 = performance.now();
    const res = await rawExchange(axon.port, rawRequest('/Dummy', deep.headers, body));
    assert.match(assertBittensorError(res, 400), /nesting deeper than 512 levels/);
    assert.ok(performance.now() - t0 < 1000);
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const g = signRequest(Dummy, { input: 1 }, { signer: alice, axonHotkey: bob.address });
    const rss = process.memoryUsage().rss;
    const gz = await rawExchange(axon.port, rawRequest('/Dummy', { ...g.headers, 'content-encoding': 'gzip' }, bomb));
    assert.match(assertBittensorError(gz, 400), /Malformed request body/);
    assert.ok(process.memoryUsage().rss - rss < 48 * 1024 * 1024, 'the 64 MB were not inflated');
  });

  test('missing, short, non-hex and wrong-key signatures are refused', async () => {
    for (const [what, signature] of [
      ['missing', null],
      ['short', '0x1234'],
      ['not hex', `0x${'zz'.repeat(64)}`],
      ['wrong key', `0x${'22'.repeat(64)}`],
    ] as const) {
      const r = signRequest(Dummy, { input: 1 }, { signer: alice, axonHotkey: bob.address, signature });
      if (signature === null) delete r.headers.bt_header_dendrite_signature;
      const res = await rawExchange(axon.port, rawRequest('/Dummy', r.headers, r.body));
      assert.match(assertBittensorError(res, 401), /^Not Verified with error: /, what);
    }
  });
});
