/**
 * Fuzz of the example miner's axon (examples/dummy/miner.ts, its own process) with ≥ 10,000 generated requests over
 * raw sockets to 127.0.0.1: signed bases (bittensor and Epistula) from 64 hotkeys, then random and boundary headers,
 * bodies, content types, framing, methods, paths and HTTP versions. Asserts: the miner never dies; every answer to a
 * synapse route has a documented status, the bt_header_axon_* status headers and (for errors) a JSON {message}; no
 * 5xx for a client's mistake (except Python's 500 on a body-hash mismatch, kept for wire compatibility); memory stays
 * bounded. Seeded: FUZZ_SEED reproduces a run; FUZZ_RUNS changes the count.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deflateSync, gzipSync } from 'node:zlib';
import { encodeMsgpackBody, epistulaHeaders, parseJson } from '@subnetkit/synapse';
import { Keypair } from '@subnetkit/wallet';
import fc from 'fast-check';
import { Dummy, DummyStream } from '../../examples/dummy/protocol.js';
import { signRequest } from '../../packages/axon/src/test-support.js';
import { buildEpistula, epistulaSpecArb } from './fuzz/epistula-cases.js';
import { runFuzz } from './fuzz/run.js';
import { figures, type Miner, startMiner } from './support.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const CONCURRENCY = 16;
const EPISTULA_RUNS = Number(process.env.FUZZ_EPISTULA_RUNS ?? 1500);

const NASTY_VALUES = [
  '',
  'a'.repeat(64 * 1024),
  'ñ€漢',
  '\u00ff\u00fe',
  '18446744073709551616',
  '-1',
  '-18446744073709551617',
  'NaN',
  '1e309',
  'inf',
  '9'.repeat(5000),
  'None',
  '0x',
  `0x${'ab'.repeat(63)}`,
  `0x${'zz'.repeat(64)}`,
  '5'.repeat(15_000),
];
const TIMEOUTS = ['0', '-1', '1e309', 'text', 'nan', '0.001', '1e-320', '999999999'];
const CONTENT_TYPES = [
  'application/json',
  'APPLICATION/JSON',
  'application/msgpack',
  'APPLICATION/MSGPACK',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  '',
  'application/json; charset=utf-16',
];

type BodyOp =
  | 'keep'
  | 'extra-json'
  | 'huge-int'
  | 'deep'
  | 'big-string'
  | 'wrong-type'
  | 'truncate'
  | 'random-bytes'
  | 'invalid-utf8'
  | 'msgpack'
  | 'msgpack-garbage'
  | 'hash-mismatch'
  | 'gzip-garbage'
  | 'gzip-valid'
  | 'many-keys'
  | 'axon-spoof';

interface Spec {
  key: number;
  scheme: 'bittensor' | 'epistula' | 'none';
  route: 'Dummy' | 'DummyStream' | 'Synapse';
  body: BodyOp;
  extra: unknown;
  cut: number;
  headerOps: { op: 'delete' | 'dup' | 'set' | 'timeout'; which: number; value: number }[];
  contentType: number | null;
  framing: 'normal' | 'dup-cl' | 'dup-cl-diff' | 'cl-te' | 'bad-chunks' | 'http10' | 'http2' | 'pipelined' | 'no-cl';
  method: string;
  path: string | null;
  manyHeaders: number;
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  key: fc.nat({ max: 63 }),
  scheme: fc.constantFrom('bittensor', 'bittensor', 'bittensor', 'epistula', 'none'),
  route: fc.constantFrom('Dummy', 'Dummy', 'DummyStream', 'Synapse'),
  body: fc.oneof(
    { weight: 60, arbitrary: fc.constantFrom<BodyOp>('keep', 'extra-json', 'wrong-type', 'truncate', 'axon-spoof') },
    {
      weight: 40,
      arbitrary: fc.constantFrom<BodyOp>(
        'random-bytes',
        'invalid-utf8',
        'msgpack',
        'msgpack-garbage',
        'hash-mismatch',
        'gzip-garbage',
        'gzip-valid',
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom<BodyOp>('huge-int', 'deep', 'big-string', 'many-keys') },
  ),
  extra: fc.jsonValue({ maxDepth: 3 }),
  cut: fc.nat(),
  headerOps: fc.array(
    fc.record({
      op: fc.constantFrom('delete', 'dup', 'set', 'timeout'),
      which: fc.nat(),
      value: fc.nat(),
    }),
    { maxLength: 3 },
  ),
  contentType: fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.nat({ max: CONTENT_TYPES.length - 1 }) },
  ),
  framing: fc.oneof(
    { weight: 12, arbitrary: fc.constant('normal' as const) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'dup-cl' as const,
        'dup-cl-diff' as const,
        'cl-te' as const,
        'bad-chunks' as const,
        'http10' as const,
        'http2' as const,
        'pipelined' as const,
        'no-cl' as const,
      ),
    },
  ),
  method: fc.oneof(
    { weight: 10, arbitrary: fc.constant('POST') },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'FOO', 'get') },
  ),
  path: fc.oneof(
    { weight: 8, arbitrary: fc.constant(null) },
    fc.oneof(
      fc.constantFrom('/', '/%ff%fe', '/health', '/metrics', '/Dummy/extra', '/Dummy?x=1', '//Dummy', '/..%2f..%2fetc'),
      fc.webPath(),
      fc.nat({ max: 40_000 }).map((n) => `/${'a'.repeat(n)}`),
    ),
  ),
  manyHeaders: fc.oneof({ weight: 30, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: 3000 }) }),
});

function deepJson(n: number): string {
  return `{"input": 1, "x": ${'['.repeat(n)}${']'.repeat(n)}}`;
}

/** The request bytes for a spec, signed with `signer` for `axonHotkey`. */
function build(spec: Spec, signer: Keypair, axonHotkey: string): { bytes: Buffer; head: boolean } {
  const def = (spec.route === 'DummyStream' ? DummyStream : Dummy) as typeof Dummy;
  const input = spec.route === 'DummyStream' ? { count: 3 } : { input: 7 };
  const base = signRequest(def, input as { input: number }, { signer, axonHotkey, timeout: 5 });
  let headers: [string, string][] = Object.entries(base.headers);
  let body: Buffer = Buffer.from(base.body, 'utf8');
  const obj = JSON.parse(base.body) as Record<string, unknown>;
  switch (spec.body) {
    case 'keep':
      break;
    case 'extra-json':
      obj.extra = spec.extra;
      body = Buffer.from(JSON.stringify(obj));
      break;
    case 'axon-spoof':
      (obj.axon as Record<string, unknown>).status_code = [503, 404, 199, 600, 999][spec.cut % 5];
      (obj.axon as Record<string, unknown>).status_message = 'spoofed';
      body = Buffer.from(JSON.stringify(obj));
      break;
    case 'huge-int':
      body = Buffer.from(base.body.replace(/}$/, `, "extra": ${'7'.repeat(1_000_000 + (spec.cut % 6_000_000))}}`));
      break;
    case 'deep':
      body = Buffer.from(deepJson(100_000));
      break;
    case 'big-string':
      body = Buffer.from(base.body.replace(/}$/, `, "extra": "${'x'.repeat(10 * 1024 * 1024)}"}`));
      break;
    case 'many-keys':
      body = Buffer.from(
        base.body.replace(/}$/, `, "extra": {${Array.from({ length: 400_000 }, (_, i) => `"k${i}":1`).join(',')}}}`),
      );
      break;
    case 'wrong-type': {
      const v = ['7', [7], { a: 7 }, 7.5, null, true, '18446744073709551616', Number.POSITIVE_INFINITY][spec.cut % 8];
      if (spec.route === 'DummyStream') obj.count = v;
      else obj.input = v;
      body = Buffer.from(JSON.stringify(obj));
      break;
    }
    case 'truncate':
      body = body.subarray(0, spec.cut % Math.max(1, body.length));
      break;
    case 'random-bytes':
      body = Buffer.from(Array.from({ length: (spec.cut % 512) + 1 }, (_, i) => (spec.cut * 31 + i * 131) & 0xff));
      break;
    case 'invalid-utf8': {
      const at = spec.cut % body.length;
      body = Buffer.concat([body.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), body.subarray(at)]);
      break;
    }
    case 'msgpack':
      body = Buffer.from(encodeMsgpackBody(def, def.fromBody(parseJson(base.body)) as never));
      headers = headers.map(([k, v]) => [k, k === 'content-type' ? 'application/msgpack' : v]);
      break;
    case 'msgpack-garbage':
      body = Buffer.from(Array.from({ length: (spec.cut % 256) + 1 }, (_, i) => (spec.cut + i * 57) & 0xff));
      headers = headers.map(([k, v]) => [k, k === 'content-type' ? 'application/msgpack' : v]);
      break;
    case 'hash-mismatch':
      if (spec.route === 'DummyStream') obj.count = 4;
      else obj.input = 8;
      body = Buffer.from(JSON.stringify(obj));
      break;
    case 'gzip-garbage':
      headers.push(['content-encoding', spec.cut % 2 ? 'gzip' : 'deflate']);
      body = Buffer.from(Array.from({ length: (spec.cut % 300) + 1 }, (_, i) => (spec.cut * 7 + i) & 0xff));
      break;
    case 'gzip-valid':
      headers.push(['content-encoding', spec.cut % 2 ? 'gzip' : 'deflate']);
      body = spec.cut % 2 ? gzipSync(body) : deflateSync(body);
      break;
  }
  if (spec.scheme === 'epistula') {
    headers = [
      ['content-type', 'application/json'],
      ...Object.entries(epistulaHeaders({ body, signer, signedFor: axonHotkey })),
    ];
  } else if (spec.scheme === 'none') {
    headers = headers.filter(([k]) => !k.startsWith('bt_header_dendrite_'));
  }
  if (spec.contentType !== null) {
    headers = headers.filter(([k]) => k !== 'content-type');
    headers.push(['content-type', CONTENT_TYPES[spec.contentType]!]);
  }
  for (const op of spec.headerOps) {
    if (headers.length === 0) break;
    const i = op.which % headers.length;
    const [k, v] = headers[i]!;
    if (op.op === 'delete') headers.splice(i, 1);
    else if (op.op === 'dup') headers.push([k, op.value % 2 ? v : NASTY_VALUES[op.value % NASTY_VALUES.length]!]);
    else if (op.op === 'set') headers[i] = [k, NASTY_VALUES[op.value % NASTY_VALUES.length]!];
    else headers.push(['timeout', TIMEOUTS[op.value % TIMEOUTS.length]!]);
  }
  for (let i = 0; i < spec.manyHeaders; i++) headers.push([`x-h${i}`, '1']);
  const path = spec.path ?? `/${spec.route}`;
  const version = spec.framing === 'http10' ? 'HTTP/1.0' : spec.framing === 'http2' ? 'HTTP/2.0' : 'HTTP/1.1';
  const lines = [`${spec.method} ${path} ${version}`];
  if (spec.framing !== 'http10') lines.push('host: 127.0.0.1');
  for (const [k, v] of headers) lines.push(`${k}: ${v}`);
  let payload = body;
  switch (spec.framing) {
    case 'dup-cl':
      lines.push(`content-length: ${body.length}`, `content-length: ${body.length}`);
      break;
    case 'dup-cl-diff':
      lines.push(`content-length: ${body.length}`, `content-length: ${body.length + 1}`);
      break;
    case 'cl-te':
      lines.push(`content-length: ${body.length}`, 'transfer-encoding: chunked');
      break;
    case 'bad-chunks':
      lines.push('transfer-encoding: chunked');
      payload = Buffer.concat([Buffer.from(`zz\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
      break;
    case 'no-cl':
      break;
    default:
      lines.push(`content-length: ${body.length}`);
  }
  lines.push('connection: close');
  const one = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
  if (spec.framing === 'pipelined') {
    const again = Buffer.from(one.toString('latin1').replace('connection: close', 'connection: keep-alive'), 'latin1');
    return { bytes: Buffer.concat([again, one]), head: spec.method === 'HEAD' };
  }
  return { bytes: one, head: spec.method === 'HEAD' };
}

let miner: Miner;
let keys: Keypair[];

before(async () => {
  miner = await startMiner();
  keys = await Promise.all(Array.from({ length: 64 }, (_, i) => Keypair.fromUri(`//Fuzz${i}`)));
});
after(async () => {
  await miner?.stop();
});

test(`fuzz: ${RUNS} generated requests, the miner survives and every answer is documented`, {
  timeout: 600_000,
}, async () => {
  const specs = fc.sample(specArb, { numRuns: RUNS, seed: SEED });
  const { figures: f, problems } = await runFuzz(
    miner,
    specs.length,
    (i) => {
      const spec = specs[i]!;
      const { bytes, head } = build(spec, keys[spec.key]!, miner.hotkey);
      return {
        bytes,
        head,
        path: spec.path ?? `/${spec.route}`,
        label: JSON.stringify({ ...spec, extra: undefined }).slice(0, 300),
      };
    },
    { concurrency: CONCURRENCY },
  );
  figures('axon-fuzz', { seed: SEED, ...f });
  assert.ok(miner.alive(), `the miner died: ${miner.stderr().slice(-2000)}`);
  assert.deepEqual(problems, [], `seed ${SEED}`);
  assert.ok(
    f.requests >= Math.min(RUNS, 10_000) || RUNS < 10_000,
    `only ${f.requests} requests ran before the time bound`,
  );
  assert.ok(
    f.minerRssPeakMb < f.minerRssStartMb + 600,
    `miner RSS grew from ${f.minerRssStartMb} to ${f.minerRssPeakMb} MB`,
  );
  // After the fuzz a plain signed request still works.
  const ok = signRequest(Dummy, { input: 21 }, { signer: keys[0]!, axonHotkey: miner.hotkey });
  const res = await fetch(`http://127.0.0.1:${miner.port}/Dummy`, {
    method: 'POST',
    headers: ok.headers,
    body: ok.body,
  });
  assert.equal(res.status, 200);
});

test(`fuzz, Epistula: ${EPISTULA_RUNS} requests validly signed over odd header text, each refused or served`, {
  timeout: 300_000,
}, async () => {
  const specs = fc.sample(epistulaSpecArb, { numRuns: EPISTULA_RUNS, seed: SEED });
  let previous: Buffer | undefined;
  const { figures: f, problems } = await runFuzz(miner, specs.length, (i) => {
    const spec = specs[i]!;
    const c = buildEpistula(spec, keys[spec.key]!, miner.hotkey, keys[63]!.address);
    // A replay resends the request before it (answered or still in flight): at most one of the two is accepted.
    if (c.replay && previous) c.bytes = previous;
    previous = c.bytes;
    return c;
  });
  figures('axon-fuzz.epistula', { seed: SEED, ...f });
  assert.ok(miner.alive(), `the miner died: ${miner.stderr().slice(-2000)}`);
  assert.deepEqual(problems, [], `seed ${SEED}`);
  assert.equal(f.requests, specs.length, `only ${f.requests} requests ran before the time bound`);
  assert.ok((f.statuses[200] ?? 0) > 0 && (f.statuses[401] ?? 0) > 0, 'both accepted and refused requests were seen');
});
