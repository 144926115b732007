/**
 * The real Python dendrite's requests (../shared/vectors/python-peer-capture.txt, read in place) replayed byte for byte
 * over TCP into a subnetkit Axon holding the //Bob hotkey, as the Python axon did; the answers must match the Python
 * axon's captured answers in status, message and header set.
 *
 * The captured nonces are from 2026-11-21T23:42Z, so against the wall clock they are stale (the last test shows the
 * real axon refusing them). Instead of switching verification off, the axon gets an injected clock: it starts 10 s
 * before the first captured nonce (so the restart floor lies below every captured nonce) and, before each replay, the
 * clock is set to 0.5 s after that request's nonce — the same age the request had when the Python axon saw it. The real
 * nonce-window, replay and signature logic all run.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { captureRequests, EMPTY_BODY_HASH, parseJson } from '@subnetkit/synapse';
import { Keypair } from '@subnetkit/wallet';
import { Dummy, DummyStream, tokens } from '../../../examples/dummy/protocol.js';
import { Axon } from './axon.js';
import { type RawResponse, rawExchange, rawRequest, testClock } from './test-support.js';

const CAPTURE = fileURLToPath(new URL('../../../../shared/vectors/python-peer-capture.txt', import.meta.url));
const text = readFileSync(CAPTURE, 'utf8');
const requests = captureRequests(text);

/** The axon's answers in the capture: status line + header lines of each `axon -> dendrite` section with a status line. */
function capturedAnswers(): { status: number; headers: [string, string][] }[] {
  const out: { status: number; headers: [string, string][] }[] = [];
  const sections = text.split(/^===== /m).slice(1);
  for (const s of sections) {
    const [title, ...rest] = s.split('\n');
    if (!/axon -> dendrite/.test(title ?? '')) continue;
    const m = /^HTTP\/1\.1 (\d{3})/.exec(rest[0] ?? '');
    if (!m) continue;
    const headers: [string, string][] = [];
    for (const line of rest.slice(1)) {
      if (line.trim() === '') break;
      const i = line.indexOf(':');
      headers.push([line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()]);
    }
    out.push({ status: Number(m[1]), headers });
  }
  return out;
}
const answers = capturedAnswers();

// Headers the HTTP servers add on their own (uvicorn: date/server; Node: connection/keep-alive) are not protocol.
const TRANSPORT = new Set(['date', 'server', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
const protocolNames = (h: [string, string][]) =>
  h
    .map(([k]) => k)
    .filter((k) => !TRANSPORT.has(k))
    .sort();
const get = (h: [string, string][], name: string) => h.find(([k]) => k === name)?.[1];

function nonceOf(i: number): bigint {
  return BigInt(get(requests[i]!.request.headers, 'bt_header_dendrite_nonce')!);
}

function replay(port: number, i: number): Promise<RawResponse> {
  const r = requests[i]!.request;
  return rawExchange(port, rawRequest(r.path, r.headers, r.body));
}

describe('Python capture replayed into a subnetkit Axon (//Bob)', () => {
  const clock = testClock(0n);
  let axon: Axon;

  before(async () => {
    assert.equal(requests.length, 4, 'the capture holds 4 dendrite requests: ok, badsig, unknown, stream');
    clock.set(nonceOf(0) - 10_000_000_000n);
    axon = new Axon({
      signer: await Keypair.fromUri('//Bob'),
      port: 0,
      ip: '127.0.0.1',
      clock: clock.now,
      verifyThreads: 0,
    });
    // Attached in the Python miner's order, so the 404 message lists the same synapses.
    axon.attach(Dummy, (s) => {
      s.output = s.input * 2;
      return s;
    });
    axon.attach(DummyStream, async function* (s) {
      yield* tokens(s.count);
    });
    await axon.start();
  });
  after(() => axon.stop());

  test('mode=ok: 200, output 10, the same header set and values as the Python axon', async () => {
    clock.set(nonceOf(0) + 500_000_000n);
    const res = await replay(axon.port, 0);
    const py = answers[0]!;
    assert.equal(res.status, 200);
    assert.equal(py.status, 200);
    const body = parseJson(res.body) as Record<string, unknown>;
    assert.equal(body.output, 10);
    assert.equal(body.input, 5);
    assert.deepEqual(protocolNames(res.headers), protocolNames(py.headers));
    assert.equal(get(res.headers, 'content-type'), 'application/json');
    for (const name of py.headers.map(([k]) => k)) {
      if (
        /^bt_header_dendrite_|^bt_header_axon_(ip|port|hotkey|status_code|status_message)$|^name$|^timeout$|^computed_body_hash$|^bt_header_input_obj_/.test(
          name,
        )
      )
        assert.equal(get(res.headers, name), get(py.headers, name), name);
    }
    // Python's answer body: the same synapse with axon status 200 / Success.
    const axonBlock = body.axon as Record<string, unknown>;
    assert.equal(axonBlock.status_code, 200);
    assert.equal(axonBlock.status_message, 'Success');
    assert.equal((body.dendrite as Record<string, unknown>).nonce, nonceOf(0));
  });

  test('the same request again is a replay: 401 with Python’s message', async () => {
    clock.set(nonceOf(0) + 700_000_000n);
    const res = await replay(axon.port, 0);
    assert.equal(res.status, 401);
    assert.deepEqual(JSON.parse(res.body), {
      message: 'Not Verified with error: Nonce is too old, a newer one was last processed',
    });
  });

  test('mode=badsig: 401 with the exact Python message and the Python error header set', async () => {
    clock.set(nonceOf(1) + 500_000_000n);
    const res = await replay(axon.port, 1);
    const py = answers[1]!;
    assert.equal(res.status, 401);
    const pyMessage = get(py.headers, 'bt_header_axon_status_message')!;
    assert.match(pyMessage, /^Not Verified with error: Signature mismatch with 1795304539453406441\./);
    assert.deepEqual(JSON.parse(res.body), { message: pyMessage });
    assert.equal(get(res.headers, 'bt_header_axon_status_message'), pyMessage);
    assert.deepEqual(protocolNames(res.headers), protocolNames(py.headers));
    assert.equal(get(res.headers, 'content-type'), 'application/json');
    // From the header synapse, as Python: input holds the placeholder 0, so the hash is H(H("0")), not the request's.
    assert.equal(get(res.headers, 'computed_body_hash'), get(py.headers, 'computed_body_hash'));
    assert.equal(get(res.headers, 'bt_header_axon_version'), '10002000');
    assert.equal(get(res.headers, 'bt_header_axon_uuid'), axon.uuid);
    assert.equal(get(res.headers, 'bt_header_axon_nonce'), String(clock.now()));
    assert.match(get(res.headers, 'bt_header_axon_signature')!, /^0x[0-9a-f]{128}$/);
    assert.equal(get(res.headers, 'bt_header_dendrite_ip'), '127.0.0.1');
    assert.match(get(res.headers, 'bt_header_dendrite_port')!, /^\d+$/);
  });

  test('mode=unknown: 404 with the Python message and a bare Synapse header set', async () => {
    clock.set(nonceOf(2) + 500_000_000n);
    const res = await replay(axon.port, 2);
    const py = answers[2]!;
    assert.equal(res.status, 404);
    assert.deepEqual(JSON.parse(res.body), {
      message: "Synapse name 'Unknown' not found. Available synapses ['Synapse', 'Dummy', 'DummyStream']",
    });
    assert.deepEqual(protocolNames(res.headers), protocolNames(py.headers));
    assert.equal(get(res.headers, 'name'), 'Synapse');
    assert.equal(get(res.headers, 'computed_body_hash'), EMPTY_BODY_HASH);
  });

  test('mode=stream: 200 text/event-stream, Python’s header set, chunks tok0 tok1 tok2 (chunked)', async () => {
    clock.set(nonceOf(3) + 500_000_000n);
    const res = await replay(axon.port, 3);
    const py = answers[3]!;
    assert.equal(res.status, 200);
    assert.equal(get(res.headers, 'content-type'), 'text/event-stream');
    assert.equal(res.chunked, true);
    assert.deepEqual(res.chunks, ['tok0 ', 'tok1 ', 'tok2 ']);
    assert.deepEqual(protocolNames(res.headers), protocolNames(py.headers));
    assert.equal(get(res.headers, 'computed_body_hash'), get(py.headers, 'computed_body_hash'));
  });
});

test('against the wall clock the captured request is stale: 401 "Nonce is too old"', async () => {
  const axon = new Axon({ signer: await Keypair.fromUri('//Bob'), port: 0, ip: '127.0.0.1', verifyThreads: 0 });
  axon.attach(Dummy, (s) => s);
  await axon.start();
  try {
    const res = await replay(axon.port, 0);
    assert.equal(res.status, 401);
    assert.match(
      JSON.parse(res.body).message,
      /^Not Verified with error: Nonce is too old: acceptable delta is 16\.00 seconds but request was \d+\.\d\d seconds old$/,
    );
  } finally {
    await axon.stop();
  }
});
