/**
 * The package's errors (SubnetkitErrors). `code` is stable and prefixed `AXON_` (match on it, not on the message);
 * `shortMessage` is for humans; `cause` carries the underlying error. A refused request is a `RequestRejected`, whose
 * `status` is the HTTP status it is answered with, taken from `ERROR_STATUS` in `@subnetkit/synapse`.
 */
import {
  ERROR_STATUS,
  isErrorStatus,
  isHttpStatus,
  type StatusErrorCode,
  SubnetkitError,
  type SubnetkitErrorParameters,
} from '@subnetkit/synapse';

/** Codes of the requests an axon refuses: the `AXON_` keys of `ERROR_STATUS`, which gives each its HTTP status. */
export type AxonRequestCode = Extract<StatusErrorCode, `AXON_${string}`>;

export type AxonErrorCode =
  /** A bad `new Axon(...)` option (the message names it), or a forward that set a status that is not HTTP's. */
  | 'AXON_INVALID_OPTIONS'
  | 'AXON_INVALID_ROUTE'
  | 'AXON_NOT_STARTED'
  | 'AXON_ALREADY_STARTED'
  | 'AXON_NO_SIGNER'
  /** The verification workers failed to start, or are saturated or closed. */
  | 'AXON_VERIFY_POOL'
  /** The shared nonce store (Redis) is unreachable at start. */
  | 'AXON_NONCE_STORE'
  /** A request refused by a hook or forward with a status of its choosing (`new RequestRejected(status, …)`). */
  | 'AXON_REQUEST_REJECTED'
  | AxonRequestCode;

export class AxonError extends SubnetkitError<AxonErrorCode> {
  override name = 'AxonError';
}

/**
 * Thrown by the pipeline, and by user hooks or forwards that want a specific answer: the request is answered with
 * `status` and `{"message": message}`. Any other error thrown by a forward becomes 500 with an opaque message.
 * The pipeline's own refusals carry their `AxonRequestCode` (e.g. `AXON_BLACKLISTED`); one made with a bare status
 * has the code `AXON_REQUEST_REJECTED`.
 *
 * @example
 * axon.attach(Dummy, (s) => { if (s.input < 0) throw new RequestRejected(422, 'input must be >= 0'); ... });
 */
export class RequestRejected extends AxonError {
  override name = 'RequestRejected';
  readonly status: number;
  constructor(
    status: number,
    message: string,
    parameters?: SubnetkitErrorParameters & { code?: AxonRequestCode | 'AXON_REQUEST_REJECTED' },
  ) {
    super(parameters?.code ?? 'AXON_REQUEST_REJECTED', message, parameters);
    if (!isHttpStatus(status))
      throw new AxonError('AXON_INVALID_OPTIONS', `RequestRejected: ${status} is not an HTTP status`);
    this.status = status;
  }
}

/** A refusal with `code`, answered with the status `ERROR_STATUS` gives that code. */
export function rejectRequest(
  code: AxonRequestCode,
  message: string,
  parameters?: { cause?: unknown },
): RequestRejected {
  return new RequestRejected(ERROR_STATUS[code], message, { ...parameters, code });
}

/**
 * The HTTP status of an error from another package that carries its own answer — a numeric `status` (400–599) and
 * `expose: true`, meaning its message is meant for the caller (the `http-errors` convention, which
 * `@subnetkit/inference` errors follow) — else undefined (answered as an opaque 500).
 */
export function exposedStatus(err: unknown): number | undefined {
  if (!(err instanceof Error)) return undefined;
  const { status, expose } = err as Error & { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && isErrorStatus(status) ? status : undefined;
}
