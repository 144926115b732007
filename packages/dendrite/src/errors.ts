/**
 * One error class for the package. `code` is stable; `message` is for humans; `cause` is the underlying error.
 * Failures of a call to an axon do not throw: they come back as a status on the synapse (Python parity), with the
 * `DendriteError` attached as its non-enumerable `cause` (see `failureCause`). Only misuse (bad options, a bad axon
 * address, a closed dendrite, a caller's abort) throws.
 */
export type DendriteErrorCode =
  | 'INVALID_OPTION'
  | 'INVALID_AXON'
  | 'CLOSED'
  | 'ABORTED'
  | 'OVERLOADED'
  | 'TIMEOUT'
  | 'UNAVAILABLE'
  | 'DISCONNECTED'
  | 'NOT_SERVING'
  | 'PARSE';

export class DendriteError extends Error {
  readonly code: DendriteErrorCode;
  /** The status this failure maps to on the synapse, when it is a call failure. */
  readonly status?: number;
  constructor(code: DendriteErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DendriteError';
    this.code = code;
    if (options?.status !== undefined) this.status = options.status;
  }
}
