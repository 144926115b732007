/**
 * One non-streaming request/response on undici's low-level `dispatch` API. `Agent.request` wraps every answer in a
 * Readable stream, an AbortSignal per request and a full header object; for a 256-axon forward those wrappers cost
 * more main-thread time than the HTTP work itself. Here the body is collected into one buffer, the request is
 * aborted through the handler's own `abort`, and only the headers a merge reads are decoded (as undici does:
 * names lowercased, values latin1).
 *
 * The exchange is one object that is its own dispatch handler and owns its deadline (exchange-deadline.ts): a forward
 * makes hundreds of these, and a closure per callback was a measurable share of its allocations.
 */
import type { Dispatcher } from 'undici';
import { DendriteError } from './errors.js';
import { ExchangeDeadline } from './exchange-deadline.js';
import type { OriginReuse } from './origin-reuse.js';
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

// Header names worth decoding: 12 bytes (content-type) or starting with b/B (bt_header_*). The rest (date,
// server, content-length, bt_header_input_obj_* …) are skipped without making a string. The result is a flat list
// rather than a record: ~20 dynamic keys would put a record in V8's slow dictionary mode.
const B_LOWER = 0x62;
const B_UPPER = 0x42;

/**
 * Sends the request at once (`reuse` learns when it completes); `done` resolves with the whole answer or rejects with undici's error, the timeout
 * (`timedOut` is then true) or the signal's reason.
 */
export class UnaryExchange extends ExchangeDeadline implements Dispatcher.DispatchHandler {
  readonly done: Promise<UnaryResponse>;
  #resolve!: (r: UnaryResponse) => void;
  #reject!: (err: unknown) => void;
  #abortFn: ((reason: Error) => void) | undefined;
  #pendingReason: Error | undefined;
  readonly #maxBytes: number;
  readonly #origin: string;
  readonly #reuse: OriginReuse | undefined;
  #statusCode = 0;
  #contentType: string | undefined;
  readonly #terminal: TerminalHeaderList = [];
  readonly #parts: Buffer[] = [];
  #size = 0;

  constructor(
    dispatcher: Dispatcher,
    req: UnaryRequest,
    maxBytes: number,
    timeoutS: number,
    signal: AbortSignal | undefined,
    reuse?: OriginReuse,
  ) {
    super(timeoutS, signal);
    this.#maxBytes = maxBytes;
    this.#origin = req.origin;
    this.#reuse = reuse;
    this.done = new Promise<UnaryResponse>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    try {
      dispatcher.dispatch(
        { origin: req.origin, path: req.path, method: 'POST', headers: req.headers, body: req.body },
        this,
      );
    } catch (err) {
      this.onError(err as Error);
    }
  }

  /** Ends the exchange with `reason` (the promise rejects with it). No effect once settled. */
  abort(reason: Error): void {
    if (this.settled) return;
    if (this.#abortFn) this.#abortFn(reason);
    else this.#pendingReason = reason; // not on a socket yet: aborted as soon as undici hands us the hook
  }

  onConnect(abort: (err?: Error) => void): void {
    this.#abortFn = abort as (reason: Error) => void;
    if (this.#pendingReason) abort(this.#pendingReason);
  }

  onHeaders(status: number, raw: Buffer[] | string[] | null): boolean {
    if (status < 200) return true; // 1xx: the real answer follows
    this.#statusCode = status;
    const list = (raw ?? []) as Buffer[];
    for (let i = 0; i + 1 < list.length; i += 2) {
      const rawName = list[i]!;
      const first = rawName[0];
      if (rawName.length !== 12 && first !== B_LOWER && first !== B_UPPER) continue;
      const name = rawName.toString('latin1').toLowerCase();
      if (name === 'content-type') this.#contentType = list[i + 1]!.toString('latin1');
      else if (name.startsWith('bt_header_axon_') || name.startsWith('bt_header_dendrite_'))
        this.#terminal.push(name, list[i + 1]!.toString('latin1'));
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#size += chunk.length;
    if (this.#size > this.#maxBytes) {
      this.#abortFn?.(new DendriteError('DENDRITE_PARSE', `response body exceeds ${this.#maxBytes} bytes`));
      return false;
    }
    this.#parts.push(chunk);
    return true;
  }

  onComplete(): void {
    if (!this.settle()) return;
    // Still inside undici's callback: its connection is handed back one turn from now (origin-reuse.ts).
    this.#reuse?.completed(this.#origin);
    const parts = this.#parts;
    this.#resolve({
      statusCode: this.#statusCode,
      contentType: this.#contentType,
      terminal: this.#terminal,
      body: parts.length === 1 ? parts[0]! : Buffer.concat(parts, this.#size),
    });
  }

  onError(err: Error): void {
    if (this.settle()) this.#reject(err);
  }
}
