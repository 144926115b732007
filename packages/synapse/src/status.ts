/**
 * Status codes of the axon protocol (spec §1.5, §4.1, §5.3) and the dendrite-side helpers that read
 * `synapse.dendrite.status_code`.
 */
import type { SynapseBase } from './define.js';

export const STATUS = {
  SUCCESS: 200,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  EXPECTATION_FAILED: 417,
  UNPROCESSABLE: 422,
  TOO_MANY_REQUESTS: 429,
  HEADERS_TOO_LARGE: 431,
  CLIENT_CLOSED: 499,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
} as const;

export type StatusName = keyof typeof STATUS;

/** What each status means on this protocol, and who produces it. */
export const STATUS_TABLE: Readonly<Record<number, { name: StatusName; when: string }>> = {
  200: { name: 'SUCCESS', when: 'success' },
  400: { name: 'BAD_REQUEST', when: 'malformed request: headers, body syntax, HTTP framing (axon)' },
  401: { name: 'UNAUTHORIZED', when: 'verification failed: bad or old nonce, signature mismatch, missing hotkey' },
  403: { name: 'FORBIDDEN', when: 'blacklisted' },
  404: { name: 'NOT_FOUND', when: 'unknown synapse, or set by the forward' },
  408: { name: 'TIMEOUT', when: 'request timed out (dendrite) or forward/priority timeout (axon)' },
  413: { name: 'PAYLOAD_TOO_LARGE', when: 'request body over the axon bodyLimit' },
  417: { name: 'EXPECTATION_FAILED', when: 'an Expect header the axon cannot meet' },
  422: { name: 'UNPROCESSABLE', when: 'body validation failed (axon); response could not be parsed (dendrite)' },
  429: { name: 'TOO_MANY_REQUESTS', when: 'per-hotkey rate limit (axon)' },
  431: { name: 'HEADERS_TOO_LARGE', when: 'request header section over the axon maxHeaderSize' },
  499: { name: 'CLIENT_CLOSED', when: 'the client left before its answer (axon log and metrics only; never sent)' },
  500: { name: 'INTERNAL', when: 'internal error; body hash mismatch (as Python, see ERROR_STATUS)' },
  503: { name: 'UNAVAILABLE', when: 'connection refused or disconnected (dendrite); overload, shutdown (axon)' },
  504: { name: 'GATEWAY_TIMEOUT', when: 'server timeout (dendrite)' },
};

/**
 * The one table from error codes to the HTTP status they are answered with (axon) or written on the synapse as
 * (dendrite). The axon and the dendrite take status numbers only from here, so a status is decided once.
 */
export const ERROR_STATUS = {
  /** Unparsable request headers or body syntax, a refused HTTP version, a second Host header. */
  AXON_MALFORMED_REQUEST: STATUS.BAD_REQUEST,
  /** Signature, nonce or hotkey check failed (Python's `Not Verified with error: …`). */
  AXON_NOT_VERIFIED: STATUS.UNAUTHORIZED,
  /** The blacklist hook refused the caller. */
  AXON_BLACKLISTED: STATUS.FORBIDDEN,
  /** No synapse of that name is attached. */
  AXON_UNKNOWN_SYNAPSE: STATUS.NOT_FOUND,
  /** The forward (or its wait for a slot) outlived the synapse timeout: `Response timeout after: …s`. */
  AXON_FORWARD_TIMEOUT: STATUS.TIMEOUT,
  /** The request's headers or body did not arrive within the axon's deadlines (a slow client). */
  AXON_REQUEST_TIMEOUT: STATUS.TIMEOUT,
  AXON_BODY_TOO_LARGE: STATUS.PAYLOAD_TOO_LARGE,
  AXON_EXPECTATION_FAILED: STATUS.EXPECTATION_FAILED,
  /** The body parsed but does not fit the synapse definition. */
  AXON_INVALID_BODY: STATUS.UNPROCESSABLE,
  AXON_RATE_LIMITED: STATUS.TOO_MANY_REQUESTS,
  AXON_HEADERS_TOO_LARGE: STATUS.HEADERS_TOO_LARGE,
  /** The client closed the connection first; only the axon's logs and metrics see it. */
  AXON_CLIENT_CLOSED: STATUS.CLIENT_CLOSED,
  /**
   * The body does not hash to the signed `computed_body_hash`. 500, not 4xx: Python's axon answers 500 and peers,
   * tools and dashboards read it so; the message (`Hash mismatch between header body hash …`) says what happened.
   * Decided in docs/reliability.md ("Status of a body-hash mismatch").
   */
  AXON_BODY_HASH_MISMATCH: STATUS.INTERNAL,
  /** A forward or the server failed: `Internal Server Error #<request id>`, details only in the log. */
  AXON_INTERNAL: STATUS.INTERNAL,
  /** Overload or shutdown: the queue is full, the axon is stopping, the nonce store or verify workers are down. */
  AXON_UNAVAILABLE: STATUS.UNAVAILABLE,
  /** No complete answer within the call's timeout (Python: `Request timeout after … seconds`). */
  DENDRITE_TIMEOUT: STATUS.TIMEOUT,
  /** The answer could not be read (Python: `Failed to parse response: …`). */
  DENDRITE_PARSE: STATUS.UNPROCESSABLE,
  /** Connection refused, reset or unreachable, or a target that does not serve (Python: `Service unavailable at …`). */
  DENDRITE_UNAVAILABLE: STATUS.UNAVAILABLE,
  /** The axon closed the connection without a (complete) answer (Python: `Service disconnected: …`). */
  DENDRITE_DISCONNECTED: STATUS.UNAVAILABLE,
} as const satisfies Record<string, (typeof STATUS)[StatusName]>;

/** An error code with an HTTP status in `ERROR_STATUS`. */
export type StatusErrorCode = keyof typeof ERROR_STATUS;

/** The HTTP status `code` is answered with (or written on the synapse as). */
export function statusOf(code: StatusErrorCode): number {
  return ERROR_STATUS[code];
}

/** 400-499: the caller's mistake (its message is shown to the caller). */
export function isClientErrorStatus(status: number): boolean {
  return status >= STATUS.BAD_REQUEST && status < STATUS.INTERNAL;
}

/** 100-599: a status HTTP allows. */
export function isHttpStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 100 && status <= 599;
}

/** 400-599: an HTTP error status. */
export function isErrorStatus(status: number): boolean {
  return isHttpStatus(status) && status >= STATUS.BAD_REQUEST;
}

type WithDendrite = Pick<SynapseBase, 'dendrite'> | { dendrite: { status_code: number | null } | null };

function code(s: WithDendrite): number | null | undefined {
  return s.dendrite?.status_code;
}

/** status 200 */
export const isSuccess = (s: WithDendrite): boolean => code(s) === STATUS.SUCCESS;
/** status set and not 200 (Python: `dendrite is not None and status_code != 200`, so null counts as failure) */
export const isFailure = (s: WithDendrite): boolean => !!s.dendrite && code(s) !== STATUS.SUCCESS;
/** 408 */
export const isTimeout = (s: WithDendrite): boolean => code(s) === STATUS.TIMEOUT;
/** 403 */
export const isBlacklist = (s: WithDendrite): boolean => code(s) === STATUS.FORBIDDEN;
/** 401 */
export const failedVerification = (s: WithDendrite): boolean => code(s) === STATUS.UNAUTHORIZED;
