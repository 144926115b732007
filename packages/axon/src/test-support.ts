/**
 * Test support (not exported from the package): signed requests built with the synapse package exactly as a Python
 * dendrite builds them, a raw HTTP/1.1 client for replaying captured bytes, and a controllable clock.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import {
  bodyHash,
  encodeJsonBody,
  type FieldShape,
  headersToRecord,
  NonceGenerator,
  PROTOCOL_VERSION,
  type SynapseDefinition,
  type SynapseInput,
  signatureToHex,
  signedMessage,
  toHeaders,
} from '@subnetkit/synapse';
import type { Signer } from '@subnetkit/wallet';

export interface SignOptions {
  signer: Signer;
  /** The hotkey the request is signed for (the target axon's). */
  axonHotkey: string;
  axonPort?: number;
  nonce?: bigint;
  uuid?: string;
  timeout?: number;
  /** Replace the signature after signing. */
  signature?: string | null;
}

export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

const nonces = new NonceGenerator();
const defaultUuid = randomUUID();

/** A request as a Python dendrite sends it: headers in `to_headers()` order and the `json.dumps` body. */
export function signRequest<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  input: SynapseInput<S>,
  o: SignOptions,
): SignedRequest {
  const s = def.create({
    ...input,
    timeout: o.timeout ?? 12,
    dendrite: {
      ip: '127.0.0.1',
      version: PROTOCOL_VERSION,
      nonce: o.nonce ?? nonces.next(),
      uuid: o.uuid ?? defaultUuid,
      hotkey: o.signer.address,
    },
    axon: { ip: '127.0.0.1', port: o.axonPort ?? 8091, hotkey: o.axonHotkey },
  });
  const hash = bodyHash(def, s);
  const message = signedMessage({
    nonce: s.dendrite.nonce!,
    dendriteHotkey: o.signer.address,
    axonHotkey: o.axonHotkey,
    uuid: s.dendrite.uuid!,
    bodyHash: hash,
  });
  s.dendrite.signature = signatureToHex(o.signer.sign(message));
  if (o.signature !== undefined) s.dendrite.signature = o.signature;
  const headers = headersToRecord(toHeaders(def, s, { bodyHash: hash }));
  headers['content-type'] = 'application/json';
  return { headers, body: encodeJsonBody(def, s) };
}

export interface RawResponse {
  status: number;
  /** Header lines in order, names lowercased. */
  headers: [string, string][];
  /** The body with chunked framing removed; `chunks` holds each chunk when the response was chunked. */
  body: string;
  chunks: string[];
  chunked: boolean;
}

/** One request over a fresh TCP connection, raw bytes in, the parsed response out (connection: close). */
export function rawExchange(port: number, request: Uint8Array | string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    const parts: Buffer[] = [];
    sock.on('data', (d) => parts.push(d));
    sock.on('error', reject);
    sock.on('end', () => {
      try {
        resolve(parseResponse(Buffer.concat(parts)));
      } catch (err) {
        reject(err);
      }
    });
    sock.write(request);
  });
}

function parseResponse(buf: Buffer): RawResponse {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`incomplete response: ${JSON.stringify(buf.toString('latin1').slice(0, 200))}`);
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '')?.[1]);
  const headers = lines.slice(1).map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim()] as [string, string];
  });
  let rest = buf.subarray(end + 4);
  const chunked = headers.some(([k, v]) => k === 'transfer-encoding' && v === 'chunked');
  const chunks: string[] = [];
  if (chunked) {
    for (;;) {
      const nl = rest.indexOf('\r\n');
      const size = Number.parseInt(rest.subarray(0, nl).toString('latin1'), 16);
      if (!size) break;
      chunks.push(rest.subarray(nl + 2, nl + 2 + size).toString('utf8'));
      rest = rest.subarray(nl + 2 + size + 2);
    }
  }
  return { status, headers, body: chunked ? chunks.join('') : rest.toString('utf8'), chunks, chunked };
}

/** A raw HTTP/1.1 request with `connection: close`. */
export function rawRequest(
  path: string,
  headers: Record<string, string> | [string, string][],
  body: string | Uint8Array,
): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  const list = Array.isArray(headers) ? headers : Object.entries(headers);
  const head = [`POST ${path} HTTP/1.1`, 'host: 127.0.0.1'];
  for (const [k, v] of list) if (!/^(content-length|host|connection)$/i.test(k)) head.push(`${k}: ${v}`);
  head.push(`content-length: ${b.length}`, 'connection: close');
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), b]);
}

/** A settable nanosecond clock. */
export function testClock(start: bigint): { now: () => bigint; set(ns: bigint): void } {
  let t = start;
  return {
    now: () => t,
    set: (ns) => {
      t = ns;
    },
  };
}
