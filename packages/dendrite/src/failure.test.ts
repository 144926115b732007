/**
 * Failures mapped as Python's dendrite maps them (spec §5.3): timeout 408, refused/reset 503, an unparsable response
 * 422; the cause is attached to the synapse without reaching its JSON.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { encodeJsonBody } from '@subnetkit/synapse';
import { Dendrite, failureCause } from './dendrite.js';
import { DendriteError } from './errors.js';
import { Dummy, dendriteSuite, listen, sendJson } from './testing/fake-axon.js';

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('failure mapping', () => {
  const suite = dendriteSuite();
  const { servers, target } = suite;

  test('timeout: 408 "Request timeout after 0.3 seconds", within the timeout, cause attached', async () => {
    const s = await listen(() => undefined); // never answers
    servers.push(s);
    const t0 = performance.now();
    const out = await suite.dendrite.call(target(s.port), Dummy, { input: 1 }, { timeout: 0.3, deserialize: false });
    const elapsed = performance.now() - t0;
    assert.equal(out.dendrite.status_code, 408);
    assert.equal(out.dendrite.status_message, 'Request timeout after 0.3 seconds');
    assert.ok(elapsed >= 290 && elapsed < 5000, `took ${elapsed} ms`);
    assert.equal(out.dendrite.process_time, null, 'Python leaves process_time unset on exceptions');
    const cause = failureCause(out);
    assert.ok(cause instanceof DendriteError);
    assert.equal(cause.code, 'DENDRITE_TIMEOUT');
    assert.equal(cause.status, 408);
    assert.ok(!JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? String(v) : v)).includes('TIMEOUT'));
    assert.ok(!Object.keys(out).includes('cause'));
    assert.ok(!encodeJsonBody(Dummy, out).includes('cause'));
  });

  test('timeout covers a slow body too: headers sent, body never finished', async () => {
    const s = await listen((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"name": ');
    });
    servers.push(s);
    const out = await suite.dendrite.call(target(s.port), Dummy, { input: 1 }, { timeout: 0.25, deserialize: false });
    assert.equal(out.dendrite.status_code, 408);
    assert.equal(out.dendrite.status_message, 'Request timeout after 0.25 seconds');
  });

  test('an integral timeout reads like a Python float ("1.0"); the Dendrite default applies when none is given', async () => {
    const s = await listen(() => undefined);
    servers.push(s);
    const d = new Dendrite({ signer: suite.alice, timeout: 1 });
    const out = await d.call(target(s.port), Dummy, { input: 1 }, { deserialize: false });
    assert.equal(out.dendrite.status_message, 'Request timeout after 1.0 seconds');
    assert.equal(out.timeout, 1);
    await d.close();
  });

  test('connection refused: 503 "Service unavailable at ip:port/Name"', async () => {
    const port = await closedPort();
    const out = await suite.dendrite.call(target(port), Dummy, { input: 1 }, { deserialize: false });
    assert.equal(out.dendrite.status_code, 503);
    assert.equal(out.dendrite.status_message, `Service unavailable at 127.0.0.1:${port}/Dummy`);
    assert.equal(failureCause(out)?.code, 'DENDRITE_UNAVAILABLE');
    assert.equal((failureCause(out)!.cause as { code?: string }).code, 'ECONNREFUSED');
  });

  test('connection reset mid-request: 503', async () => {
    const raw = createServer((sock) => sock.on('data', () => sock.resetAndDestroy()));
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    const port = (raw.address() as AddressInfo).port;
    try {
      const out = await suite.dendrite.call(target(port), Dummy, { input: 1 }, { deserialize: false });
      assert.equal(out.dendrite.status_code, 503);
      assert.match(out.dendrite.status_message!, /^Service (unavailable at 127\.0\.0\.1:\d+\/Dummy|disconnected: )/);
    } finally {
      await new Promise<void>((r) => raw.close(() => r()));
    }
  });

  test('a server that closes without answering: 503 "Service disconnected"', async () => {
    const raw = createServer((sock) => sock.on('data', () => sock.end()));
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    const port = (raw.address() as AddressInfo).port;
    try {
      const out = await suite.dendrite.call(target(port), Dummy, { input: 1 }, { deserialize: false });
      assert.equal(out.dendrite.status_code, 503);
      assert.equal(out.dendrite.status_message, 'Service disconnected: Server disconnected');
    } finally {
      await new Promise<void>((r) => raw.close(() => r()));
    }
  });

  for (const [label, status, type, body, expect] of [
    [
      'an HTML page',
      200,
      'text/html',
      '<html>oops</html>',
      /^Failed to parse response: unexpected content-type "text\/html"/,
    ],
    [
      'garbage with a JSON content type',
      200,
      'application/json',
      'not json {',
      /^Failed to parse response: response body is not valid JSON/,
    ],
    [
      'a 200 JSON that is not the synapse',
      200,
      'application/json',
      '{"input": "five"}',
      /^Failed to parse response: response body is not a valid Dummy/,
    ],
    [
      'an error status with a non-object JSON body',
      500,
      'application/json',
      '[1, 2]',
      /^Failed to parse response: error response body is not a JSON object/,
    ],
    [
      'an error status without a JSON content type',
      502,
      'text/plain',
      'Bad Gateway',
      /^Failed to parse response: unexpected content-type "text\/plain"/,
    ],
  ] as const) {
    test(`unparsable response (${label}): 422 "Failed to parse response: …"`, async () => {
      const s = await listen((_req, _body, res) => sendJson(res, status, [], body, type));
      servers.push(s);
      const out = await suite.dendrite.call(target(s.port), Dummy, { input: 1 }, { deserialize: false });
      assert.equal(out.dendrite.status_code, 422);
      assert.match(out.dendrite.status_message!, expect);
      assert.equal(failureCause(out)?.code, 'DENDRITE_PARSE');
    });
  }

  test('a response larger than maxResponseBytes is refused with 422', async () => {
    const s = await listen((_req, _body, res) => sendJson(res, 200, [], `{"pad": "${'x'.repeat(5000)}"}`));
    servers.push(s);
    const d = new Dendrite({ signer: suite.alice, maxResponseBytes: 1024 });
    const out = await d.call(target(s.port), Dummy, { input: 1 }, { deserialize: false });
    assert.equal(out.dendrite.status_code, 422);
    assert.match(out.dendrite.status_message!, /exceeds 1024 bytes/);
    await d.close();
  });

  test('a neuron that does not serve (0.0.0.0 or port 0) is 503 without any connection', async () => {
    const out = await suite.dendrite.call(
      { ip: '0.0.0.0', port: 0, hotkey: suite.bob.address },
      Dummy,
      { input: 1 },
      { deserialize: false },
    );
    assert.equal(out.dendrite.status_code, 503);
    assert.equal(out.dendrite.status_message, 'Service unavailable at 0.0.0.0:0/Dummy');
  });

  test("the caller's AbortSignal rejects the call with ABORTED", async () => {
    const s = await listen(() => undefined);
    servers.push(s);
    const ac = new AbortController();
    const pending = suite.dendrite.call(target(s.port), Dummy, { input: 1 }, { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('shutting down')), 50);
    await assert.rejects(pending, (err: unknown) => err instanceof DendriteError && err.code === 'DENDRITE_ABORTED');
    await assert.rejects(
      suite.dendrite.call(target(s.port), Dummy, { input: 1 }, { signal: AbortSignal.abort() }),
      (err: unknown) => err instanceof DendriteError && err.code === 'DENDRITE_ABORTED',
    );
  });

  test('bad input throws clear errors before anything is sent', async () => {
    await assert.rejects(
      suite.dendrite.call({ ip: 'not an ip!', port: 1, hotkey: suite.bob.address }, Dummy, { input: 1 }),
      /axon: ip "not an ip!" is neither an IP nor a host name/,
    );
    await assert.rejects(
      suite.dendrite.call({ ip: '127.0.0.1', port: 70000, hotkey: suite.bob.address }, Dummy, { input: 1 }),
      /port 70000/,
    );
    await assert.rejects(
      suite.dendrite.call({ ip: '127.0.0.1', port: 1, hotkey: '5bad' }, Dummy, { input: 1 }),
      /not an SS58 address/,
    );
    await assert.rejects(
      suite.dendrite.forward([target(1), { ip: '127.0.0.1', port: -1, hotkey: suite.bob.address }], Dummy, {
        input: 1,
      }),
      /axons\[1\]: port -1/,
    );
    await assert.rejects(
      suite.dendrite.call(target(1), Dummy, { input: 1 }, { timeout: 0 }),
      /timeout must be a positive number/,
    );
    assert.throws(() => new Dendrite({ signer: suite.alice, version: 7001000 }), /version must be an int32 ≥ 7002000/);
    assert.throws(() => new Dendrite({} as never), /needs a signer/);
    const closed = new Dendrite({ signer: suite.alice });
    await closed.close();
    await assert.rejects(
      closed.call(target(1), Dummy, { input: 1 }),
      (e: unknown) => e instanceof DendriteError && e.code === 'DENDRITE_CLOSED',
    );
  });
});
