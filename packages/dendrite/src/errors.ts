/**
 * The package's errors (SubnetkitErrors). `code` is stable and prefixed `DENDRITE_`; `shortMessage` is for humans;
 * `cause` is the underlying error. Failures of a call to an axon do not throw: they come back as a status on the
 * synapse (Python parity), with the `DendriteError` attached as its non-enumerable `cause` (see `failureCause`). Only
 * misuse (bad options, a bad axon address, a closed dendrite, a caller's abort) throws.
 */
import { ERROR_STATUS, type StatusErrorCode, SubnetkitError, type SubnetkitErrorParameters } from '@subnetkit/synapse';

/** Codes of call failures: the `DENDRITE_` keys of `ERROR_STATUS`, which gives the status each writes on the synapse. */
export type DendriteFailureCode = Extract<StatusErrorCode, `DENDRITE_${string}`>;

export type DendriteErrorCode =
  | 'DENDRITE_INVALID_OPTION'
  | 'DENDRITE_INVALID_AXON'
  | 'DENDRITE_CLOSED'
  | 'DENDRITE_ABORTED'
  | 'DENDRITE_OVERLOADED'
  | DendriteFailureCode;

function isFailureCode(code: DendriteErrorCode): code is DendriteFailureCode {
  return Object.hasOwn(ERROR_STATUS, code);
}

export class DendriteError extends SubnetkitError<DendriteErrorCode> {
  override name = 'DendriteError';
  /** The status a call failure writes on the synapse (from `ERROR_STATUS`); undefined for misuse. */
  readonly status?: number;
  constructor(code: DendriteErrorCode, shortMessage: string, parameters?: SubnetkitErrorParameters) {
    super(code, shortMessage, parameters);
    if (isFailureCode(code)) this.status = ERROR_STATUS[code];
  }
}
