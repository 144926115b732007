/**
 * A failed call recorded on its synapse: the status and message go on `synapse.dendrite` (Python parity: call
 * failures do not throw), and the DendriteError behind them rides along as a non-enumerable `cause`. Misuse (a bad
 * option, a closed Dendrite) and the caller's own abort are thrown instead.
 */
import { ERROR_STATUS, type FieldShape, type Synapse } from '@subnetkit/synapse';
import type { ResolvedTarget } from './axon-target.js';
import { DendriteError } from './errors.js';
import { mapFailure } from './failure.js';

/** The failure behind a non-200 status set by the dendrite itself (timeout, refused, unparsable), if any. */
export function failureCause(synapse: object): DendriteError | undefined {
  const c = (synapse as { cause?: unknown }).cause;
  return c instanceof DendriteError ? c : undefined;
}

function attachCause(synapse: object, err: DendriteError): void {
  // Non-enumerable: it never reaches a JSON body, a log line that serialises the synapse, or a copy.
  Object.defineProperty(synapse, 'cause', { value: err, enumerable: false, configurable: true, writable: true });
}

export interface FailedCall {
  /** True when the exchange's own timeout ended it. */
  timedOut: boolean;
  /** The call's timeout, seconds. */
  timeout: number;
  target: ResolvedTarget;
  /** The synapse's name. */
  name: string;
  signal: AbortSignal | undefined;
}

/** Records `err` on `local` as its status, or throws it when it is misuse or the caller's abort. */
export function recordFailure(local: Synapse<FieldShape>, err: unknown, call: FailedCall): void {
  const { signal, timedOut, target, name } = call;
  if (signal?.aborted && !timedOut)
    throw new DendriteError('DENDRITE_ABORTED', `call to ${target.ip}:${target.port}/${name} was aborted`, {
      cause: signal.reason,
    });
  if (err instanceof DendriteError && (err.code === 'DENDRITE_INVALID_OPTION' || err.code === 'DENDRITE_CLOSED'))
    throw err;
  const failure = mapFailure(err, call);
  local.dendrite.status_code = failure.status ?? ERROR_STATUS.DENDRITE_PARSE;
  local.dendrite.status_message = failure.message;
  attachCause(local, failure);
}
