/**
 * Errors of @subnetkit/localnet. Each has a stable `code` a caller can branch on, a message a user can act on and,
 * where one exists, the underlying `cause`.
 */
export type LocalnetErrorCode =
  | 'CHAIN_SPEC_NOT_FOUND'
  | 'CHAIN_SPEC_HASH_MISMATCH'
  | 'CHAIN_SPEC_INVALID'
  | 'CHAIN_SPEC_DOWNLOAD_FAILED'
  | 'GENESIS_BUILD_FAILED'
  | 'RUNTIME_FETCH_FAILED'
  | 'FORK_FAILED'
  | 'RUNTIME_START_FAILED'
  | 'LOCALNET_CLOSED'
  | 'SNAPSHOT_UNAVAILABLE'
  | 'BLOCK_FAILED'
  | 'INVALID_ARGUMENT'
  | 'EXTRINSIC_FAILED'
  | 'SERVER_FAILED';

export class LocalnetError extends Error {
  override readonly name: string = 'LocalnetError';
  readonly code: LocalnetErrorCode;

  constructor(code: LocalnetErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
