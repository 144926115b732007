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
  UNPROCESSABLE: 422,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
} as const;

export type StatusName = keyof typeof STATUS;

/** What each status means on this protocol, and who produces it. */
export const STATUS_TABLE: Readonly<Record<number, { name: StatusName; when: string }>> = {
  200: { name: 'SUCCESS', when: 'success' },
  400: { name: 'BAD_REQUEST', when: 'bad request name (axon); payload error (dendrite)' },
  401: { name: 'UNAUTHORIZED', when: 'verification failed: bad or old nonce, signature mismatch, missing hotkey' },
  403: { name: 'FORBIDDEN', when: 'blacklisted' },
  404: { name: 'NOT_FOUND', when: 'unknown synapse, or set by the forward' },
  408: { name: 'TIMEOUT', when: 'request timed out (dendrite) or priority timeout (axon)' },
  422: { name: 'UNPROCESSABLE', when: 'body validation failed (axon); response could not be parsed (dendrite)' },
  500: { name: 'INTERNAL', when: 'internal error, header parse failure, body hash mismatch' },
  503: { name: 'UNAVAILABLE', when: 'connection refused or disconnected (dendrite); priority failure (axon)' },
  504: { name: 'GATEWAY_TIMEOUT', when: 'server timeout (dendrite)' },
};

type WithDendrite = Pick<SynapseBase, 'dendrite'> | { dendrite: { status_code: number | null } | null };

function code(s: WithDendrite): number | null | undefined {
  return s.dendrite?.status_code;
}

/** status 200 */
export const isSuccess = (s: WithDendrite): boolean => code(s) === 200;
/** status set and not 200 (Python: `dendrite is not None and status_code != 200`, so null counts as failure) */
export const isFailure = (s: WithDendrite): boolean => !!s.dendrite && code(s) !== 200;
/** 408 */
export const isTimeout = (s: WithDendrite): boolean => code(s) === 408;
/** 403 */
export const isBlacklist = (s: WithDendrite): boolean => code(s) === 403;
/** 401 */
export const failedVerification = (s: WithDendrite): boolean => code(s) === 401;
