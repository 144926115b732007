import { SubnetkitError, type SubnetkitErrorParameters } from '@subnetkit/synapse';

/**
 * One error base class for the package (a SubnetkitError). `code` is stable (match on it, not on the message); `message` is for humans;
 * `cause` carries the underlying error. Request-level errors carry the HTTP `status` an axon answers them with and
 * `expose: true` (their message names what was wrong and is safe to send to the caller).
 */
export type InferenceErrorCode =
  | 'INFERENCE_INVALID_OPTIONS'
  /** No backend could serve the request (`device: 'gpu'` without a usable GPU, a backend that failed to load). */
  | 'INFERENCE_BACKEND_UNAVAILABLE'
  /** A model file is missing, unreadable or corrupt. */
  | 'INFERENCE_MODEL_LOAD'
  /** A model could not be written or exported. */
  | 'INFERENCE_MODEL_SAVE'
  /** A request's tensor does not fit the model (shape, dtype, size, non-finite values): 422, or 400 when malformed. */
  | 'INFERENCE_INVALID_INPUT'
  /** The batcher's queue is full: 503. */
  | 'INFERENCE_OVERLOADED'
  /** The request's signal aborted before its batch ran. */
  | 'INFERENCE_ABORTED'
  /** The model or batcher was disposed. */
  | 'INFERENCE_DISPOSED';

const STATUS: Partial<Record<InferenceErrorCode, number>> = {
  INFERENCE_INVALID_INPUT: 422,
  INFERENCE_OVERLOADED: 503,
  INFERENCE_DISPOSED: 503,
};

export interface InferenceErrorParameters extends SubnetkitErrorParameters {
  /** HTTP status an axon answers with (default: by code, for request-level errors). */
  status?: number | undefined;
}

export class InferenceError extends SubnetkitError<InferenceErrorCode> {
  override name = 'InferenceError';
  /** HTTP status for request-level errors (undefined for startup errors). */
  readonly status: number | undefined;
  /** True when `message` is meant for the caller (request-level errors). */
  readonly expose: boolean;
  constructor(code: InferenceErrorCode, shortMessage: string, parameters: InferenceErrorParameters = {}) {
    const { status, ...rest } = parameters;
    super(code, shortMessage, rest);
    this.status = status ?? STATUS[code];
    this.expose = this.status !== undefined;
  }
}

/** The typed overload error: the batcher's queue is full (an axon answers 503). */
export class OverloadedError extends InferenceError {
  override name = 'OverloadedError';

  constructor(shortMessage: string) {
    super('INFERENCE_OVERLOADED', shortMessage);
  }
}
