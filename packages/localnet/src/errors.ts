import { SubnetkitError, type SubnetkitErrorParameters } from '@subnetkit/synapse';

/**
 * Errors of @subnetkit/localnet (SubnetkitErrors). Each has a stable `code` a caller can branch on, a message a user can act on and,
 * where one exists, the underlying `cause`.
 */
export type LocalnetErrorCode =
  | 'LOCALNET_CHAIN_SPEC_NOT_FOUND'
  | 'LOCALNET_CHAIN_SPEC_HASH_MISMATCH'
  | 'LOCALNET_CHAIN_SPEC_INVALID'
  | 'LOCALNET_CHAIN_SPEC_DOWNLOAD_FAILED'
  | 'LOCALNET_GENESIS_BUILD_FAILED'
  | 'LOCALNET_RUNTIME_FETCH_FAILED'
  | 'LOCALNET_FORK_FAILED'
  | 'LOCALNET_RUNTIME_START_FAILED'
  | 'LOCALNET_CLOSED'
  | 'LOCALNET_SNAPSHOT_UNAVAILABLE'
  | 'LOCALNET_BLOCK_FAILED'
  | 'LOCALNET_INVALID_ARGUMENT'
  | 'LOCALNET_EXTRINSIC_FAILED'
  | 'LOCALNET_SERVER_FAILED';

export class LocalnetError extends SubnetkitError<LocalnetErrorCode> {
  override name = 'LocalnetError';

  constructor(code: LocalnetErrorCode, shortMessage: string, parameters?: SubnetkitErrorParameters) {
    super(code, shortMessage, parameters);
  }
}
