/**
 * Generated Digits requests (tensor fields) for the digits miner: `images` as valid batches of 0..700 digits, and as
 * tensors that lie (dtype, outer and inner shapes, element counts, NaN and infinities, negative, fractional, text and
 * 2^64 dimensions), buffers that are not base64 msgpack-numpy (random bytes, arrays, maps without data, a declared
 * 4-billion-element array, nesting 100,000 deep, data not a whole number of elements), values of the wrong JSON type,
 * a spoofed `probs`, msgpack bodies, bodies over the limit; signed with the bittensor headers (the hash covers
 * `images`, so each lie is signed as sent) or Epistula.
 */
import { randomUUID } from 'node:crypto';
import { encodeMsgpackBody, encodeTensorBuffer, epistulaHeaders, type TensorValue, tensor } from '@subnetkit/synapse';
import type { Keypair } from '@subnetkit/wallet';
import fc from 'fast-check';
import { CLASSES, PIXELS, SIDE } from '../../../examples/digits/data.js';
import { Digits } from '../../../examples/digits/protocol.js';
import { signRequest } from '../../../packages/axon/src/test-support.js';
import type { FuzzCase } from './run.js';

const LIES = [
  'valid',
  'empty-batch',
  'outer-dtype',
  'inner-dtype-f64',
  'inner-dtype-u8',
  'inner-dtype-i64',
  'outer-shape-flat',
  'outer-shape-no-batch',
  'outer-shape-extra-dim',
  'outer-shape-negative',
  'outer-shape-fraction',
  'outer-shape-text',
  'outer-shape-2^64',
  'outer-shape-1e9',
  'outer-shape-empty',
  'count-short',
  'inner-shape-differs',
  'nan',
  'infinity',
  'huge-values',
  'not-base64',
  'random-bytes',
  'msgpack-array',
  'msgpack-no-data',
  'msgpack-array32-bomb',
  'msgpack-map32-bomb',
  'msgpack-deep',
  'data-not-whole',
  'unknown-type',
  'wrong-json-type',
  'probs-spoof',
  'too-big',
] as const;
type Lie = (typeof LIES)[number];

export interface DigitsSpec {
  key: number;
  n: number;
  lie: Lie;
  wrongType: number;
  scheme: 'bittensor' | 'epistula';
  msgpack: boolean;
}

export const digitsSpecArb: fc.Arbitrary<DigitsSpec> = fc.record({
  key: fc.nat({ max: 15 }),
  n: fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: 1, max: 8 }) },
    { weight: 1, arbitrary: fc.integer({ min: 9, max: 700 }) },
  ),
  lie: fc.oneof(
    { weight: 8, arbitrary: fc.constant<Lie>('valid') },
    { weight: 12, arbitrary: fc.constantFrom<Lie>(...LIES.filter((l) => l !== 'too-big')) },
    { weight: 1, arbitrary: fc.constant<Lie>('too-big') },
  ),
  wrongType: fc.nat(),
  scheme: fc.constantFrom('bittensor', 'bittensor', 'bittensor', 'epistula'),
  msgpack: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

function pixels(n: number, fill?: number): Float32Array {
  const a = new Float32Array(n * PIXELS);
  for (let i = 0; i < a.length; i++) a[i] = fill ?? ((i * 2654435761) % 1000) / 1000;
  return a;
}
const b64 = (bytes: number[] | Buffer) => Buffer.from(bytes).toString('base64');
const b64Tensor = (buffer: string, shape: unknown[] = [1, SIDE, SIDE]) =>
  ({ buffer, dtype: 'torch.float32', shape }) as unknown as TensorValue;

/** The `images` value for a lie (a tensor that is what it says for 'valid'). */
function images(spec: DigitsSpec): TensorValue | unknown {
  const n = spec.n;
  const shape = [n, SIDE, SIDE];
  const good = () => tensor(pixels(n), shape);
  switch (spec.lie) {
    case 'valid':
      return good();
    case 'empty-batch':
      return tensor(new Float32Array(0), [0, SIDE, SIDE]);
    case 'outer-dtype':
      return { ...good(), dtype: 'torch.float64' };
    case 'inner-dtype-f64':
      return tensor(Float64Array.from(pixels(n)), shape);
    case 'inner-dtype-u8':
      return tensor(
        Uint8Array.from(pixels(n), (x) => x * 255),
        shape,
      );
    case 'inner-dtype-i64':
      return tensor(
        BigInt64Array.from(pixels(n), (x) => BigInt(Math.round(x))),
        shape,
      );
    case 'outer-shape-flat':
      return tensor(pixels(n), [n, PIXELS]);
    case 'outer-shape-no-batch':
      return tensor(pixels(1), [SIDE, SIDE]);
    case 'outer-shape-extra-dim':
      return tensor(pixels(n), [n, SIDE, SIDE, 1]);
    case 'outer-shape-negative':
      return b64Tensor(encodeTensorBuffer(pixels(n), shape), [-n, SIDE, SIDE]);
    case 'outer-shape-fraction':
      return b64Tensor(encodeTensorBuffer(pixels(n), shape), [n + 0.5, SIDE, SIDE]);
    case 'outer-shape-text':
      return b64Tensor(encodeTensorBuffer(pixels(n), shape), ['n', SIDE, SIDE]);
    case 'outer-shape-2^64':
      return b64Tensor(encodeTensorBuffer(pixels(n), shape), [2 ** 64, SIDE, SIDE]);
    case 'outer-shape-1e9':
      return b64Tensor(encodeTensorBuffer(pixels(n), shape), [1e9, SIDE, SIDE]);
    case 'outer-shape-empty':
      return b64Tensor(encodeTensorBuffer(pixels(n), shape), []);
    case 'count-short':
      return b64Tensor(encodeTensorBuffer(pixels(n).subarray(1), shape), shape);
    case 'inner-shape-differs':
      return b64Tensor(encodeTensorBuffer(pixels(n), [n * 2, SIDE, SIDE]), shape);
    case 'nan':
      return tensor(pixels(n, Number.NaN), shape);
    case 'infinity':
      return tensor(pixels(n, Number.POSITIVE_INFINITY), shape);
    case 'huge-values':
      return tensor(pixels(n, 3e38), shape);
    case 'not-base64':
      return b64Tensor('!!!not base64@@@');
    case 'random-bytes':
      return b64Tensor(
        b64(Array.from({ length: (spec.wrongType % 300) + 1 }, (_, i) => (spec.wrongType + i * 37) & 0xff)),
      );
    case 'msgpack-array':
      return b64Tensor(b64([0x93, 0x01, 0x02, 0x03]));
    case 'msgpack-no-data':
      return b64Tensor(b64([0x81, 0xa4, ...Buffer.from('type'), 0xa3, ...Buffer.from('<f4')]));
    case 'msgpack-array32-bomb':
      return b64Tensor(b64([0xdd, 0xff, 0xff, 0xff, 0xff, 0x01]));
    case 'msgpack-map32-bomb':
      return b64Tensor(b64([0xdf, 0xff, 0xff, 0xff, 0xff, 0x01, 0x01]));
    case 'msgpack-deep':
      return b64Tensor(b64(Buffer.alloc(100_000, 0x91)));
    case 'data-not-whole': {
      // A `|u1` tensor of 5 bytes relabelled `<f4` (same length): 5 bytes are not whole float32s.
      const bytes = Buffer.from(encodeTensorBuffer(new Uint8Array(5), [5]), 'base64');
      const at = bytes.indexOf('|u1');
      bytes.write('<f4', at, 'latin1');
      return b64Tensor(bytes.toString('base64'), [5]);
    }
    case 'unknown-type': {
      const bytes = Buffer.from(encodeTensorBuffer(new Uint8Array(4), [4]), 'base64');
      bytes.write('<c8', bytes.indexOf('|u1'), 'latin1');
      return b64Tensor(bytes.toString('base64'), [4]);
    }
    case 'wrong-json-type':
      return [5, 'x', [], {}, null, true, { buffer: 5, dtype: 1, shape: 'x' }][spec.wrongType % 7];
    case 'probs-spoof':
      return good();
    case 'too-big':
      return tensor(pixels(3000), [3000, SIDE, SIDE]);
  }
}

/**
 * The request for `spec`, signed by `signer` for `axonHotkey`. Each gets its own dendrite uuid: requests sent in
 * parallel arrive out of order, and under one uuid the later nonce would make the earlier one stale (a correct 401).
 */
export function buildDigits(spec: DigitsSpec, signer: Keypair, axonHotkey: string): FuzzCase {
  const value = images(spec);
  const isTensor = value !== null && typeof value === 'object' && 'buffer' in value && spec.lie !== 'wrong-json-type';
  const fields = {
    images: isTensor ? (value as TensorValue) : tensor(pixels(1), [1, SIDE, SIDE]),
    ...(spec.lie === 'probs-spoof' ? { probs: tensor(new Float32Array(3), [3]) } : {}),
  };
  // A lie the synapse codec refuses to sign (a shape of 2^64, say) goes in after signing a good tensor, and is sent
  // with Epistula, whose signature covers the raw body: still validly signed.
  let scheme = spec.scheme;
  let signed: { headers: Record<string, string>; body: string };
  try {
    signed = signRequest(Digits, fields, { signer, axonHotkey, timeout: 10, uuid: randomUUID() });
  } catch {
    signed = signRequest(
      Digits,
      { images: tensor(pixels(1), [1, SIDE, SIDE]) },
      { signer, axonHotkey, timeout: 10, uuid: randomUUID() },
    );
    const obj = JSON.parse(signed.body) as Record<string, unknown>;
    obj.images = value;
    signed = { headers: signed.headers, body: JSON.stringify(obj) };
    scheme = 'epistula';
  }
  let body: Buffer = Buffer.from(signed.body, 'utf8');
  let headers: [string, string][] = Object.entries(signed.headers);
  if (!isTensor) {
    // Not a tensor at all: the hash cannot be computed for it, so it goes in after signing (a body-hash mismatch
    // at best, refused when parsed at worst).
    const obj = JSON.parse(signed.body) as Record<string, unknown>;
    obj.images = value;
    body = Buffer.from(JSON.stringify(obj));
  } else if (spec.msgpack && scheme === 'bittensor') {
    try {
      body = Buffer.from(encodeMsgpackBody(Digits, Digits.fromBody(JSON.parse(signed.body)) as never));
      headers = headers.map(([k, v]) => [k, k === 'content-type' ? 'application/msgpack' : v]);
    } catch {
      // A lie msgpack cannot carry (the codec checks tensors): sent as JSON.
    }
  }
  if (scheme === 'epistula')
    headers = [
      ['content-type', headers.find(([k]) => k === 'content-type')![1]],
      ...Object.entries(epistulaHeaders({ body, signer, signedFor: axonHotkey })),
    ];
  const lines = ['POST /Digits HTTP/1.1', 'host: 127.0.0.1'];
  for (const [k, v] of headers) lines.push(`${k}: ${v}`);
  lines.push(`content-length: ${body.length}`, 'connection: close');
  const n = spec.n;
  return {
    bytes: Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]),
    head: false,
    path: '/Digits',
    label: JSON.stringify(spec),
    check: (a) => {
      const valid = spec.lie === 'valid' || spec.lie === 'probs-spoof';
      // A valid batch may still meet load (503: the batcher's queue is full; 408: its timeout passed).
      if (a.status !== 200)
        return valid && a.status !== 503 && a.status !== 408 ? [`a valid batch of ${n} refused`] : [];
      if (!['valid', 'probs-spoof', 'empty-batch', 'nan', 'infinity', 'huge-values'].includes(spec.lie))
        return ['a lying tensor was served'];
      if (a.headers.get('content-type') !== 'application/json') return [];
      const probs = (JSON.parse(a.body.toString('utf8')) as { probs?: { shape?: number[] } }).probs;
      const want = spec.lie === 'empty-batch' ? 0 : n;
      return probs?.shape?.[0] === want && probs.shape[1] === CLASSES
        ? []
        : [`probs shape ${JSON.stringify(probs?.shape)}, want [${want}, ${CLASSES}]`];
    },
  };
}
