/**
 * A subnetkit Dendrite's request against the request the real Python v10.2.0 dendrite sent (read in place from
 * ../shared/vectors/python-peer-capture.txt): same header names, order and values, same body bytes, apart from the
 * per-request nonce, the per-instance uuid, the (randomised) signature, the Python-specific sizes and the port of the
 * test server.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { captureRequests, fromHeaders, verifyRequestSignature } from '@subnetkit/synapse';
import type { Keypair } from '@subnetkit/wallet';
import { Dendrite } from './dendrite.js';
import { Dummy, DummyStream, keys } from './testing/fake-axon.js';
import { type RawCapture, rawCaptureServer } from './testing/raw-capture.js';

const CAPTURE = fileURLToPath(new URL('../../../../shared/vectors/python-peer-capture.txt', import.meta.url));
const python = captureRequests(readFileSync(CAPTURE, 'utf8'));
const TRANSPORT = new Set([
  'host',
  'accept',
  'accept-encoding',
  'user-agent',
  'content-length',
  'content-type',
  'connection',
]);
const VARIABLE = new Set([
  'bt_header_dendrite_nonce',
  'bt_header_dendrite_uuid',
  'bt_header_dendrite_signature',
  'header_size',
  'total_size',
]);
const PY_PORT = '18092';

function protocolHeaders(headers: [string, string][]): [string, string][] {
  return headers.filter(([k]) => !TRANSPORT.has(k));
}

/** Blanks the values that differ by design, so the rest can be compared byte for byte. */
function normaliseBody(body: string, port: string): string {
  return body
    .replace(/"nonce": \d+/, '"nonce": N')
    .replace(/"uuid": "[0-9a-f-]{36}"/, '"uuid": "U"')
    .replace(/"signature": "0x[0-9a-f]{128}"/, '"signature": "S"')
    .replace(/"total_size": \d+/, '"total_size": T')
    .replace(`"port": ${port}`, '"port": P');
}

describe('request bytes vs the captured Python dendrite', () => {
  let alice: Keypair;
  let bob: Keypair;
  let raw: RawCapture;
  let dendrite: Dendrite;

  before(async () => {
    alice = await keys.alice();
    bob = await keys.bob();
    raw = await rawCaptureServer();
    dendrite = new Dendrite({ signer: alice });
  });
  after(async () => {
    await dendrite.close();
    await raw.close();
  });

  for (const [label, def, input, conn] of [
    ['Dummy(input=5)', Dummy, { input: 5 }, 'conn1'],
    ['DummyStream(count=3)', DummyStream, { count: 3 }, 'conn4'],
  ] as const) {
    test(`${label}: headers in Python's order with Python's values, body byte-identical`, async () => {
      const py = python.find((r) => r.label.startsWith(conn))!.request;
      const before = raw.requests.length;
      await dendrite.call(
        { ip: '127.0.0.1', port: raw.port, hotkey: bob.address },
        def as typeof Dummy,
        input as never,
        {
          deserialize: false,
        },
      );
      const ours = raw.requests[before]!.parsed;
      assert.equal(ours.method, py.method);
      assert.equal(ours.path, py.path);

      const pyHeaders = protocolHeaders(py.headers);
      const ourHeaders = protocolHeaders(ours.headers);
      assert.deepEqual(
        ourHeaders.map(([k]) => k),
        pyHeaders.map(([k]) => k),
        'protocol header names and order',
      );
      for (const [i, [k, v]] of ourHeaders.entries()) {
        const pyValue = pyHeaders[i]![1];
        if (VARIABLE.has(k)) continue;
        const expected = k === 'bt_header_axon_port' ? String(raw.port) : pyValue;
        assert.equal(v, expected, `header ${k}`);
      }
      const get = (name: string) => ours.headers.find(([k]) => k === name)?.[1];
      assert.match(get('bt_header_dendrite_nonce')!, /^\d{19}$/);
      assert.match(
        get('bt_header_dendrite_uuid')!,
        /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      assert.match(get('bt_header_dendrite_signature')!, /^0x[0-9a-f]{128}$/);
      assert.match(get('header_size')!, /^\d+$/);
      assert.match(get('total_size')!, /^\d+$/);
      // The client headers Python relies on: JSON content type (FastAPI parses the body only then), exact length.
      assert.equal(get('content-type'), 'application/json');
      assert.equal(Number(get('content-length')), ours.body.length);
      assert.equal(get('host'), `127.0.0.1:${raw.port}`);

      const ourBody = Buffer.from(ours.body).toString('utf8');
      assert.equal(
        normaliseBody(ourBody, String(raw.port)),
        normaliseBody(Buffer.from(py.body).toString('utf8'), PY_PORT),
      );
      // total_size is the body's own byte length, the same in header and body.
      assert.equal(get('total_size'), String(ours.body.length));
      assert.match(ourBody, new RegExp(`"total_size": ${ours.body.length},`));
      // Body and header carry the same nonce, uuid and signature.
      assert.ok(ourBody.includes(`"nonce": ${get('bt_header_dendrite_nonce')}`));
      assert.ok(ourBody.includes(`"uuid": "${get('bt_header_dendrite_uuid')}"`));
      assert.ok(ourBody.includes(`"signature": "${get('bt_header_dendrite_signature')}"`));
    });
  }

  test("the signature verifies the way a Python axon checks it (its own hotkey), and fails for another axon's", async () => {
    const before = raw.requests.length;
    await dendrite.call({ ip: '127.0.0.1', port: raw.port, hotkey: bob.address }, Dummy, { input: 7 });
    const header = fromHeaders(Dummy, raw.requests[before]!.parsed.headers);
    assert.equal(header.dendrite.hotkey, alice.address);
    assert.equal(header.dendrite.uuid, dendrite.uuid);
    assert.equal(header.dendrite.version, 10002000);
    assert.equal(verifyRequestSignature(header, bob.address).ok, true);
    const charlie = await keys.charlie();
    assert.equal(verifyRequestSignature(header, charlie.address).ok, false);
  });

  test('the uuid is a version-1 uuid made once per instance', async () => {
    const other = new Dendrite({ signer: alice });
    assert.match(dendrite.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(other.uuid, dendrite.uuid);
    await other.close();
  });

  test('nonces are strictly increasing across every target and call of one instance', async () => {
    const servers = await Promise.all([rawCaptureServer(), rawCaptureServer(), rawCaptureServer()]);
    try {
      const d = new Dendrite({ signer: alice });
      const axons = servers.flatMap((s) => [
        { ip: '127.0.0.1', port: s.port, hotkey: bob.address },
        { ip: '127.0.0.1', port: s.port, hotkey: bob.address },
      ]);
      const rounds: bigint[][] = [];
      for (let round = 0; round < 3; round++) {
        const out = await d.forward(axons, Dummy, { input: round }, { deserialize: false });
        rounds.push(out.map((s) => s.dendrite.nonce!));
      }
      await d.call(axons[0]!, Dummy, { input: 9 });
      await d.close();
      const flat = rounds.flat();
      for (let i = 1; i < flat.length; i++) assert.ok(flat[i]! > flat[i - 1]!, `nonce ${i} not above nonce ${i - 1}`);
      const sent = servers.flatMap((s) =>
        s.requests.map((r) => BigInt(fromHeaders(Dummy, r.parsed.headers).dendrite.nonce!)),
      );
      assert.equal(new Set(sent).size, sent.length, 'every request on the wire has its own nonce');
      assert.equal(sent.length, 3 * axons.length + 1);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });

  test('an IPv6 target is bracketed in the URL and Host, and sent bare in bt_header_axon_ip', async (t) => {
    let v6: RawCapture;
    try {
      v6 = await rawCaptureServer('::1');
    } catch {
      t.skip('no IPv6 loopback on this machine');
      return;
    }
    try {
      const out = await dendrite.call(
        { ip: '::1', port: v6.port, hotkey: bob.address },
        Dummy,
        { input: 1 },
        {
          deserialize: false,
        },
      );
      assert.equal(out.dendrite.status_code, 500); // the capture server's fixed answer: the request got there
      const got = v6.requests[0]!.parsed.headers;
      assert.equal(got.find(([k]) => k === 'host')?.[1], `[::1]:${v6.port}`);
      assert.equal(got.find(([k]) => k === 'bt_header_axon_ip')?.[1], '::1');
    } finally {
      await v6.close();
    }
  });
});
