/**
 * One error base class for the package. `code` is stable (match on it, not on the message); `message` is for humans;
 * `cause` carries the underlying error. Request-level errors carry the HTTP `status` an axon answers them with and
 * `expose: true` (their message names what was wrong and is safe to send to the caller).
 */
export type InferenceErrorCode =
  | 'INVALID_OPTIONS'
  /** No backend could serve the request (`device: 'gpu'` without a usable GPU, a backend that failed to load). */
  | 'BACKEND_UNAVAILABLE'
  /** A model file is missing, unreadable or corrupt. */
  | 'MODEL_LOAD'
  /** A model could not be written or exported. */
  | 'MODEL_SAVE'
  /** A request's tensor does not fit the model (shape, dtype, size, non-finite values): 422, or 400 when malformed. */
  | 'INVALID_INPUT'
  /** The batcher's queue is full: 503. */
  | 'OVERLOADED'
  /** The request's signal aborted before its batch ran. */
  | 'ABORTED'
  /** The model or batcher was disposed. */
  | 'DISPOSED';

const STATUS: Partial<Record<InferenceErrorCode, number>> = { INVALID_INPUT: 422, OVERLOADED: 503, DISPOSED: 503 };

export class InferenceError extends Error {
  readonly code: InferenceErrorCode;
  /** HTTP status for request-level errors (undefined for startup errors). */
  readonly status: number | undefined;
  /** True when `message` is meant for the caller (request-level errors). */
  readonly expose: boolean;
  constructor(code: InferenceErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.name = 'InferenceError';
    this.code = code;
    this.status = options?.status ?? STATUS[code];
    this.expose = this.status !== undefined;
  }
}

/** The typed overload error: the batcher's queue is full (an axon answers 503). */
export class OverloadedError extends InferenceError {
  constructor(message: string) {
    super('OVERLOADED', message);
    this.name = 'OverloadedError';
  }
}
