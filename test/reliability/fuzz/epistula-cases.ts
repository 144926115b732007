/**
 * Generated Epistula requests whose signatures are VALID over odd header text: the signed message is
 * `sha256(body).uuid.timestamp.signedFor` as written in the headers, so anyone with a key can sign any uuid, timestamp
 * or receiver text, and the axon must refuse or serve each without a 5xx. Mutating headers after signing (the main
 * fuzz) only reaches the signature check; these reach what comes after it. Also: versions, missing or garbage secret
 * signatures, duplicated Epistula headers, bittensor headers sent alongside, changed bodies, replays.
 */
import { createHash, randomUUID } from 'node:crypto';
import { epistulaSecretMessage, signatureToHex } from '@subnetkit/synapse';
import type { Keypair } from '@subnetkit/wallet';
import fc from 'fast-check';
import { Dummy, DummyStream } from '../../../examples/dummy/protocol.js';
import { signRequest } from '../../../packages/axon/src/test-support.js';
import type { FuzzCase } from './run.js';

type TimestampKind =
  | 'now'
  | 'now-float'
  | 'now-spaces'
  | 'now-plus-sign'
  | 'now-hex'
  | 'now-exp'
  | 'past-9s'
  | 'future-9s'
  | 'zero'
  | 'negative'
  | 'past-2^64'
  | 'nan'
  | 'empty'
  | 'digits-5000';
type UuidKind = 'uuid4' | 'empty' | 'dots' | 'long-5000' | 'latin1' | 'spaces' | 'reused';
type ForKind = 'axon' | 'other' | 'missing' | 'invalid' | 'long-15000' | 'empty';

export interface EpistulaSpec {
  key: number;
  route: 'Dummy' | 'DummyStream' | 'Synapse';
  timestamp: TimestampKind;
  uuid: UuidKind;
  signedFor: ForKind;
  version: '2' | '1' | '3' | '' | '2.0' | ' 2' | 'missing';
  secrets: 'valid' | 'missing' | 'garbage' | 'one-missing';
  dupHeader: number | null;
  withBittensorHeaders: boolean;
  tamperBody: boolean;
  replay: boolean;
  signatureCase: 'lower' | 'upper' | 'no-0x';
}

export const epistulaSpecArb: fc.Arbitrary<EpistulaSpec> = fc.record({
  key: fc.nat({ max: 15 }),
  route: fc.constantFrom('Dummy', 'Dummy', 'DummyStream', 'Synapse'),
  timestamp: fc.oneof(
    { weight: 6, arbitrary: fc.constant<TimestampKind>('now') },
    {
      weight: 4,
      arbitrary: fc.constantFrom<TimestampKind>(
        'now-float',
        'now-spaces',
        'now-plus-sign',
        'now-hex',
        'now-exp',
        'past-9s',
        'future-9s',
        'zero',
        'negative',
        'past-2^64',
        'nan',
        'empty',
        'digits-5000',
      ),
    },
  ),
  uuid: fc.oneof(
    { weight: 6, arbitrary: fc.constant<UuidKind>('uuid4') },
    { weight: 3, arbitrary: fc.constantFrom<UuidKind>('empty', 'dots', 'long-5000', 'latin1', 'spaces', 'reused') },
  ),
  signedFor: fc.oneof(
    { weight: 6, arbitrary: fc.constant<ForKind>('axon') },
    { weight: 3, arbitrary: fc.constantFrom<ForKind>('other', 'missing', 'invalid', 'long-15000', 'empty') },
  ),
  version: fc.oneof(
    { weight: 8, arbitrary: fc.constant('2' as const) },
    { weight: 1, arbitrary: fc.constantFrom('1' as const, '3' as const, '' as const, '2.0' as const, ' 2' as const) },
    { weight: 1, arbitrary: fc.constant('missing' as const) },
  ),
  secrets: fc.oneof(
    { weight: 8, arbitrary: fc.constant('valid' as const) },
    { weight: 2, arbitrary: fc.constantFrom('missing' as const, 'garbage' as const, 'one-missing' as const) },
  ),
  dupHeader: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat({ max: 8 }) }),
  withBittensorHeaders: fc.boolean(),
  tamperBody: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  replay: fc.oneof({ weight: 19, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  signatureCase: fc.constantFrom('lower', 'lower', 'lower', 'upper', 'no-0x'),
});

function timestampText(kind: TimestampKind): string {
  const now = Date.now();
  switch (kind) {
    case 'now':
      return String(now);
    case 'now-float':
      return `${now}.0`;
    case 'now-spaces':
      return ` ${now} `;
    case 'now-plus-sign':
      return `+${now}`;
    case 'now-hex':
      return `0x${now.toString(16)}`;
    case 'now-exp':
      return (now / 1e12).toFixed(12).replace(/0+$/, '').concat('e12');
    case 'past-9s':
      return String(now - 9000);
    case 'future-9s':
      return String(now + 9000);
    case 'zero':
      return '0';
    case 'negative':
      return String(-now);
    case 'past-2^64':
      return '18446744073709551616';
    case 'nan':
      return 'NaN';
    case 'empty':
      return '';
    case 'digits-5000':
      return '9'.repeat(5000);
  }
}

const REUSED_UUID = randomUUID();

function uuidText(kind: UuidKind): string {
  switch (kind) {
    case 'uuid4':
      return randomUUID();
    case 'empty':
      return '';
    case 'dots':
      return `${randomUUID()}.x.y`;
    case 'long-5000':
      return 'u'.repeat(5000);
    case 'latin1':
      return `\u00e9\u00ff${randomUUID()}`;
    case 'spaces':
      return ` ${randomUUID()} `;
    case 'reused':
      return REUSED_UUID;
  }
}

/** The request for `spec`, signed by `signer` for `axonHotkey` (`other` is some other hotkey). */
export function buildEpistula(
  spec: EpistulaSpec,
  signer: Keypair,
  axonHotkey: string,
  otherHotkey: string,
): FuzzCase & { replay: boolean } {
  const def = (spec.route === 'DummyStream' ? DummyStream : Dummy) as typeof Dummy;
  const input = spec.route === 'DummyStream' ? { count: 3 } : { input: 7 };
  const base = signRequest(def, input as { input: number }, { signer, axonHotkey, timeout: 5 });
  const body = Buffer.from(base.body, 'utf8');
  const signedFor = {
    axon: axonHotkey,
    other: otherHotkey,
    missing: undefined,
    invalid: `${axonHotkey.slice(0, -1)}0`,
    'long-15000': '5'.repeat(15_000),
    empty: '',
  }[spec.signedFor];
  const ts = timestampText(spec.timestamp);
  const uuid = uuidText(spec.uuid);
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const sig = (m: string) => {
    const hex = signatureToHex(signer.sign(m));
    return spec.signatureCase === 'upper'
      ? `0x${hex.slice(2).toUpperCase()}`
      : spec.signatureCase === 'no-0x'
        ? hex.slice(2)
        : hex;
  };
  const headers: [string, string][] = [
    ['content-type', 'application/json'],
    ['Epistula-Timestamp', ts],
    ['Epistula-Uuid', uuid],
    ['Epistula-Signed-By', signer.address],
    ['Epistula-Request-Signature', sig(`${bodyHash}.${uuid}.${ts}.${signedFor ?? ''}`)],
  ];
  if (spec.version !== 'missing') headers.push(['Epistula-Version', spec.version]);
  if (signedFor !== undefined) {
    headers.push(['Epistula-Signed-For', signedFor]);
    const tsNumber = Number(ts);
    for (const [i, offset] of ([-1, 0, 1] as const).entries()) {
      if (spec.secrets === 'missing' || (spec.secrets === 'one-missing' && i === 1)) continue;
      const value =
        spec.secrets === 'garbage' || !Number.isSafeInteger(tsNumber) || tsNumber < 0
          ? `0x${'zz'.repeat(64)}`
          : sig(epistulaSecretMessage(tsNumber, offset, signedFor));
      headers.push([`Epistula-Secret-Signature-${i}`, value]);
    }
  }
  if (spec.withBittensorHeaders)
    for (const [k, v] of Object.entries(base.headers))
      if (k.startsWith('bt_header_') || k === 'computed_body_hash') headers.push([k, v]);
  if (spec.dupHeader !== null) {
    const [k] = headers[1 + (spec.dupHeader % (headers.length - 1))]!;
    headers.push([k, spec.dupHeader % 2 ? 'x' : headers.find(([n]) => n === k)![1]]);
  }
  const sent = spec.tamperBody ? Buffer.from(base.body.replace('7', '8').replace('3', '4'), 'utf8') : body;
  const path = `/${spec.route}`;
  const mustRefuse =
    spec.tamperBody ||
    ['past-9s', 'future-9s', 'zero', 'negative', 'past-2^64', 'nan', 'empty', 'digits-5000'].includes(spec.timestamp) ||
    ['other', 'invalid', 'long-15000'].includes(spec.signedFor);
  const lines = [`POST ${path} HTTP/1.1`, 'host: 127.0.0.1'];
  for (const [k, v] of headers) lines.push(`${k}: ${v}`);
  lines.push(`content-length: ${sent.length}`, 'connection: close');
  return {
    bytes: Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), sent]),
    head: false,
    path,
    label: JSON.stringify(spec),
    replay: spec.replay,
    check: (a) =>
      mustRefuse && a.status === 200 ? ['accepted, though stale, future, tampered or for another axon'] : [],
  };
}
