import { SubnetkitError } from './subnetkit-error.js';

/**
 * One error base class for the package (a SubnetkitError). `code` is stable (match on it, not on the message); `message` is for humans;
 * `cause` carries the underlying error or the offending detail.
 */
export type SynapseErrorCode =
  | 'INVALID_DEFINITION'
  | 'INVALID_VALUE'
  | 'INVALID_JSON'
  | 'INVALID_HEADER'
  | 'MISSING_HEADER'
  | 'INVALID_MSGPACK'
  | 'INVALID_SIGNATURE'
  | 'INVALID_ADDRESS'
  | 'INVALID_VERSION'
  | 'INVALID_IP'
  | 'INVALID_EPISTULA';

export class SynapseError extends SubnetkitError<SynapseErrorCode> {
  constructor(code: SynapseErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'SynapseError';
  }
}

/** Longest echo of a client's value in an error message: enough to recognise it, never the whole (maybe huge) value. */
export const MAX_ECHO = 120;

/** `s` cut to `max` characters with the total length noted, so errors never echo a huge client value back. */
export function shortText(s: string, max = MAX_ECHO): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}
