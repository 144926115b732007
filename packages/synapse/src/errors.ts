import { SubnetkitError } from './subnetkit-error.js';

/**
 * The package's errors (a SubnetkitError). `code` is stable and prefixed `SYNAPSE_` (match on it, not on the message);
 * `shortMessage` is for humans; `cause` carries the underlying error or the offending detail.
 */
export type SynapseErrorCode =
  | 'SYNAPSE_INVALID_DEFINITION'
  | 'SYNAPSE_INVALID_VALUE'
  | 'SYNAPSE_INVALID_JSON'
  | 'SYNAPSE_INVALID_HEADER'
  | 'SYNAPSE_MISSING_HEADER'
  | 'SYNAPSE_INVALID_MSGPACK'
  | 'SYNAPSE_INVALID_SIGNATURE'
  | 'SYNAPSE_INVALID_ADDRESS'
  | 'SYNAPSE_INVALID_VERSION'
  | 'SYNAPSE_INVALID_IP'
  | 'SYNAPSE_INVALID_EPISTULA'
  /** A bad option of a synapse-layer component (e.g. `NonceStore`); the message names it. */
  | 'SYNAPSE_INVALID_OPTIONS';

export class SynapseError extends SubnetkitError<SynapseErrorCode> {
  override name = 'SynapseError';
}

/** Longest echo of a client's value in an error message: enough to recognise it, never the whole (maybe huge) value. */
export const MAX_ECHO = 120;

/** `s` cut to `max` characters with the total length noted, so errors never echo a huge client value back. */
export function shortText(s: string, max = MAX_ECHO): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}
