/**
 * Requests and responses captured between the real Python bittensor v10.2.0 Dendrite (//Alice) and Axon (//Bob),
 * read in place from ../shared/vectors/python-peer-capture.txt.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defineSynapse, type SynapseDefinition } from './define.js';
import { t } from './fields.js';
import { bodyHash, EMPTY_BODY_HASH } from './hash.js';
import { fromHeaders, toHeaders } from './headers.js';
import { decodeJsonBody, encodeJsonBody } from './json-body.js';
import { captureRequests } from './raw-request.js';
import { verifyRequestSignature } from './signing.js';
import { devKey, readSharedVector } from './test-support.js';

const capture = readSharedVector('python-peer-capture.txt');
const requests = captureRequests(capture);
const BOB = devKey('//Bob').address;
const ALICE = devKey('//Alice').address;

const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { input: t.int(), output: t.int().optional() },
  hashFields: ['input'],
});
// The Python dendrite sent "Unknown" as a synapse with Dummy's fields and no hash fields.
const Unknown = defineSynapse({ name: 'Unknown', fields: { input: t.int().default(0), output: t.int().optional() } });
// DummyStream hashes `count` (the only choice of its fields that reproduces the header hash).
const DummyStream = defineSynapse({
  name: 'DummyStream',
  fields: { count: t.int().default(0), tokens: t.list(t.str()).default([]) },
  hashFields: ['count'],
});

// HTTP client headers aiohttp adds; the synapse codec neither produces nor reads them.
const TRANSPORT = new Set([
  'host',
  'accept',
  'accept-encoding',
  'user-agent',
  'content-length',
  'content-type',
  'date',
  'server',
  'transfer-encoding',
]);

/** The header lines and body of the first `axon -> dendrite` section of a connection. */
function response(conn: string): { headers: [string, string][]; body: string } {
  const start = capture.indexOf(`===== ${conn} axon -> dendrite`);
  const section = capture.slice(capture.indexOf('\n', start) + 1);
  const end = section.search(/\r?\n\r?\n/);
  const lines = section.slice(0, end).split(/\r?\n/).slice(1);
  const bodyStart = section.slice(end).replace(/^\s+/, '');
  return {
    headers: lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    body: bodyStart.slice(0, bodyStart.indexOf('\n')),
  };
}

describe('python-peer-capture.txt', () => {
  test('holds four dendrite -> axon requests', () => {
    assert.deepEqual(
      requests.map((r) => `${r.request.method} ${r.request.path}`),
      ['POST /Dummy', 'POST /Dummy', 'POST /Unknown', 'POST /DummyStream'],
    );
  });

  const defs: SynapseDefinition[] = [Dummy, Dummy, Unknown, DummyStream];
  const expectSig = [true, false, true, true];
  requests.forEach(({ label, request }, i) => {
    const def = defs[i]!;
    test(`${label.split(' ')[0]} ${def.name}: body hash matches the header; signature ${expectSig[i] ? 'verifies' : 'fails (badsig)'}`, () => {
      const header = fromHeaders(def, request.headers);
      const body = decodeJsonBody(def, request.body);
      assert.equal(header.name, def.name);
      assert.equal(bodyHash(def, body), header.computed_body_hash);
      assert.equal(header.dendrite.hotkey, ALICE);
      assert.equal(header.axon.hotkey, BOB);
      assert.equal(typeof header.dendrite.nonce, 'bigint');
      assert.equal(header.dendrite.nonce, body.dendrite.nonce, 'header and body nonce agree to the last digit');
      const v = verifyRequestSignature(header, BOB);
      assert.equal(v.ok, expectSig[i]);
      if (!v.ok) assert.match(v.reason, /^Signature mismatch with \d{19}\./);
    });
  });

  test('the Unknown request hashes to V1', () => {
    const { request } = requests[2]!;
    assert.equal(fromHeaders(Unknown, request.headers).computed_body_hash, EMPTY_BODY_HASH);
    assert.equal(bodyHash(Unknown, decodeJsonBody(Unknown, request.body)), EMPTY_BODY_HASH);
  });

  test('the badsig signature does not verify in either form, and a good one does not verify for another axon', () => {
    const bad = fromHeaders(Dummy, requests[1]!.request.headers);
    assert.equal(verifyRequestSignature(bad, BOB).ok, false);
    const good = fromHeaders(Dummy, requests[0]!.request.headers);
    assert.equal(verifyRequestSignature(good, ALICE).ok, false);
  });

  test('our encoder reproduces the Python request: body bytes and header list', () => {
    const { request } = requests[0]!;
    const py = decodeJsonBody(Dummy, request.body);
    // Build the same request from scratch, as a TS dendrite would.
    const ours = Dummy.create({
      input: 5,
      timeout: 12,
      total_size: 3027,
      dendrite: {
        ip: '127.0.0.1',
        version: 10002000,
        nonce: py.dendrite.nonce!,
        uuid: py.dendrite.uuid!,
        hotkey: ALICE,
        signature: py.dendrite.signature!,
      },
      axon: { ip: '127.0.0.1', port: 18092, hotkey: BOB },
    });
    const pyBody = Buffer.from(request.body).toString('utf8');
    const oursBody = encodeJsonBody(Dummy, ours);
    // Field for field first (a readable failure), then byte for byte.
    assert.deepEqual(Object.keys(JSON.parse(oursBody)), Object.keys(JSON.parse(pyBody)));
    assert.equal(oursBody, pyBody);
    const pyHeaders = request.headers.filter(([k]) => !TRANSPORT.has(k));
    assert.deepEqual(toHeaders(Dummy, ours, { headerSize: 464 }), pyHeaders);
  });

  test('the Python axon response re-encodes byte for byte (compact style) with the same headers', () => {
    const { headers, body } = response('conn1');
    const synapse = decodeJsonBody(Dummy, body);
    assert.equal(synapse.output, 10);
    assert.equal(synapse.axon.status_code, 200);
    assert.equal(synapse.axon.process_time, 3.2901763916015625e-5);
    assert.equal(encodeJsonBody(Dummy, synapse, 'compact'), body);
    const total = Number(headers.find(([k]) => k === 'total_size')![1]);
    assert.deepEqual(
      toHeaders(Dummy, synapse, { headerSize: 464, totalSize: total }),
      headers.filter(([k]) => !TRANSPORT.has(k)),
    );
  });

  test('the 401 response headers parse, including the axon nonce, uuid and signature', () => {
    const { headers } = response('conn2');
    const h = fromHeaders(Dummy, headers);
    assert.equal(h.axon.status_code, 401);
    assert.match(h.axon.status_message!, /^Not Verified with error: Signature mismatch/);
    assert.equal(h.axon.nonce, 1795304539479898123n);
    assert.equal(h.dendrite.port, 39512);
    assert.equal(h.axon.version, 10002000);
  });
});
