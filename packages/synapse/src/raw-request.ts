/**
 * Reading raw HTTP/1.1 requests, as captured between a Python dendrite and axon (`vectors/python-peer-capture.txt`):
 * the tools behind `subnetkit synapse check`, for debugging "hash mismatch" reports.
 */
import { SynapseError } from './errors.js';

export interface RawRequest {
  method: string;
  path: string;
  /** Header lines in order, names lowercased, values with surrounding whitespace removed. */
  headers: [string, string][];
  /** The body bytes (exactly Content-Length of them when the header is present). */
  body: Uint8Array;
}

function headerEnd(buf: Buffer): { at: number; len: number } | undefined {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, len: 4 };
  if (lf >= 0) return { at: lf, len: 2 };
  return undefined;
}

/** Parses one raw request (text or bytes). Errors are `SynapseError('SYNAPSE_INVALID_HEADER')` saying what is wrong. */
export function parseRawRequest(input: string | Uint8Array): RawRequest {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
  const start = buf.toString('latin1').search(/\S/);
  const data = start > 0 ? buf.subarray(start) : buf;
  const end = headerEnd(data);
  const head = (end ? data.subarray(0, end.at) : data).toString('latin1');
  const lines = head.replace(/(\r?\n)+$/, '').split(/\r?\n/);
  const requestLine = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(lines[0] ?? '');
  if (!requestLine)
    throw new SynapseError(
      'SYNAPSE_INVALID_HEADER',
      `not an HTTP/1.x request line: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`,
    );
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw new SynapseError('SYNAPSE_INVALID_HEADER', `malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
    headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  let body = end ? data.subarray(end.at + end.len) : Buffer.alloc(0);
  const cl = headers.find(([k]) => k === 'content-length');
  if (cl) {
    const n = Number(cl[1]);
    if (!Number.isInteger(n) || n < 0) throw new SynapseError('SYNAPSE_INVALID_HEADER', `bad Content-Length ${cl[1]}`);
    if (body.length < n)
      throw new SynapseError('SYNAPSE_INVALID_HEADER', `body is truncated: ${body.length} of ${n} bytes`);
    body = body.subarray(0, n);
  }
  return { method: requestLine[1]!, path: requestLine[2]!, headers, body: new Uint8Array(body) };
}

export interface CapturedRequest {
  /** The section title, e.g. `conn1 dendrite -> axon 1704 bytes @ …`. */
  label: string;
  request: RawRequest;
}

const SECTION = /^===== (.*) =====\r?$/;

/**
 * Every client→server request in a capture file: sections whose title reads `… dendrite -> axon …`. A text that has no
 * section titles is taken as one raw request.
 */
export function captureRequests(text: string): CapturedRequest[] {
  const lines = text.split('\n');
  const out: CapturedRequest[] = [];
  let label: string | undefined;
  let body: string[] = [];
  const flush = () => {
    if (label && /dendrite -> axon/.test(label)) out.push({ label, request: parseRawRequest(body.join('\n')) });
    label = undefined;
    body = [];
  };
  let sawSection = false;
  for (const line of lines) {
    const m = SECTION.exec(line);
    if (m) {
      flush();
      sawSection = true;
      label = m[1]!;
    } else if (/^#{8,}/.test(line)) flush();
    else if (label) body.push(line);
  }
  flush();
  if (!sawSection) return [{ label: 'request', request: parseRawRequest(text) }];
  return out;
}
