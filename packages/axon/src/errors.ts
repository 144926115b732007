/**
 * One error base class for the package. `code` is stable (match on it, not on the message); `message` is for humans;
 * `cause` carries the underlying error. `status` is the HTTP status a request-level error is answered with.
 */
export type AxonErrorCode =
  | 'INVALID_OPTIONS'
  | 'INVALID_ROUTE'
  | 'NOT_STARTED'
  | 'ALREADY_STARTED'
  | 'NO_SIGNER'
  | 'VERIFY_POOL'
  /** The shared nonce store (Redis) is unreachable at start. */
  | 'NONCE_STORE'
  /** A request was refused; `status` says how (401, 403, 408, 429, 503, …). */
  | 'REQUEST_REJECTED';

export class AxonError extends Error {
  readonly code: AxonErrorCode;
  constructor(code: AxonErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AxonError';
    this.code = code;
  }
}

/**
 * Thrown by the pipeline, and by user hooks or forwards that want a specific answer: the request is answered with
 * `status` and `{"message": message}`. Any other error thrown by a forward becomes 500 with an opaque message.
 *
 * @example
 * axon.attach(Dummy, (s) => { if (s.input < 0) throw new RequestRejected(400, 'input must be >= 0'); ... });
 */
export class RequestRejected extends AxonError {
  readonly status: number;
  constructor(status: number, message: string, options?: { cause?: unknown }) {
    super('REQUEST_REJECTED', message, options);
    this.name = 'RequestRejected';
    if (!Number.isInteger(status) || status < 100 || status > 599)
      throw new AxonError('INVALID_OPTIONS', `RequestRejected: ${status} is not an HTTP status`);
    this.status = status;
  }
}

/**
 * The HTTP status of an error from another package that carries its own answer — a numeric `status` (400–599) and
 * `expose: true`, meaning its message is meant for the caller (the `http-errors` convention, which
 * `@subnetkit/inference` errors follow) — else undefined (answered as an opaque 500).
 */
export function exposedStatus(err: unknown): number | undefined {
  if (!(err instanceof Error)) return undefined;
  const { status, expose } = err as Error & { status?: unknown; expose?: unknown };
  return expose === true && Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599
    ? (status as number)
    : undefined;
}
