/**
 * One non-streaming request/response on undici's low-level `dispatch` API. `Agent.request` wraps every answer in a
 * Readable stream, an AbortSignal per request and a full header object; for a 256-axon forward those wrappers cost
 * more main-thread time than the HTTP work itself. Here the body is collected into one buffer, the request is
 * aborted through the handler's own `abort`, and only the headers a merge reads are decoded (as undici does:
 * names lowercased, values latin1).
 */
import type { Dispatcher } from 'undici';
import { DendriteError } from './errors.js';
import type { TerminalHeaderList } from './response.js';

export interface UnaryResponse {
  statusCode: number;
  /** The last `content-type` header, if any. */
  contentType: string | undefined;
  /** The `bt_header_axon_*` / `bt_header_dendrite_*` headers only, in arrival order. */
  terminal: TerminalHeaderList;
  body: Uint8Array;
}

export interface UnaryRequest {
  origin: string;
  path: string;
  headers: string[];
  body: string | Uint8Array;
}

/** Set by the caller's timer or signal; `abort` ends the exchange with that reason (it rejects with it). */
export interface Abortable {
  abort(reason: Error): void;
}

// Header names worth decoding: 12 bytes (content-type) or starting with b/B (bt_header_*). The rest (date,
// server, content-length, bt_header_input_obj_* …) are skipped without making a string. The result is a flat list
// rather than a record: ~20 dynamic keys would put a record in V8's slow dictionary mode.
const B_LOWER = 0x62;
const B_UPPER = 0x42;

function keepHeaders(raw: Buffer[], out: { contentType: string | undefined; terminal: TerminalHeaderList }): void {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const rawName = raw[i]!;
    const first = rawName[0];
    if (rawName.length !== 12 && first !== B_LOWER && first !== B_UPPER) continue;
    const name = rawName.toString('latin1').toLowerCase();
    if (name === 'content-type') out.contentType = raw[i + 1]!.toString('latin1');
    else if (name.startsWith('bt_header_axon_') || name.startsWith('bt_header_dendrite_'))
      out.terminal.push(name, raw[i + 1]!.toString('latin1'));
  }
}

/** Sends the request; resolves with the whole answer, rejects with undici's error or the abort reason. */
export function dispatchUnary(
  dispatcher: Dispatcher,
  req: UnaryRequest,
  maxBytes: number,
): { done: Promise<UnaryResponse>; control: Abortable } {
  let abortFn: ((reason: Error) => void) | undefined;
  let pendingReason: Error | undefined;
  let settled = false;
  const control: Abortable = {
    abort(reason) {
      if (settled) return;
      if (abortFn) abortFn(reason);
      else pendingReason = reason; // not on a socket yet: aborted as soon as undici hands us the hook
    },
  };
  const done = new Promise<UnaryResponse>((resolve, reject) => {
    let statusCode = 0;
    const head = { contentType: undefined as string | undefined, terminal: [] as TerminalHeaderList };
    const parts: Buffer[] = [];
    let size = 0;
    const handler: Dispatcher.DispatchHandler = {
      onConnect(abort) {
        abortFn = abort as (reason: Error) => void;
        if (pendingReason) abort(pendingReason);
      },
      onHeaders(status, raw) {
        if (status < 200) return true; // 1xx: the real answer follows
        statusCode = status;
        keepHeaders(raw as Buffer[], head);
        return true;
      },
      onData(chunk) {
        size += chunk.length;
        if (size > maxBytes) {
          abortFn?.(new DendriteError('PARSE', `response body exceeds ${maxBytes} bytes`, { status: 422 }));
          return false;
        }
        parts.push(chunk);
        return true;
      },
      onComplete() {
        settled = true;
        const body = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
        resolve({ statusCode, contentType: head.contentType, terminal: head.terminal, body });
      },
      onError(err) {
        settled = true;
        reject(err);
      },
    };
    try {
      dispatcher.dispatch(
        { origin: req.origin, path: req.path, method: 'POST', headers: req.headers, body: req.body },
        handler,
      );
    } catch (err) {
      settled = true;
      reject(err);
    }
  });
  return { done, control };
}
