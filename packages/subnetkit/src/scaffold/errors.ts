/** The scaffold's one error class: a stable `code` and a message that names the problem and the fix. */
import { SubnetkitError } from '@subnetkit/synapse';

export type ScaffoldErrorCode =
  /** The project name is not a valid npm package name. */
  | 'SCAFFOLD_INVALID_NAME'
  /** No template by that name. */
  | 'SCAFFOLD_UNKNOWN_TEMPLATE'
  /** The target directory holds files (and `force` is not set). */
  | 'SCAFFOLD_TARGET_NOT_EMPTY'
  /** No target directory was given, or it is a file. */
  | 'SCAFFOLD_INVALID_TARGET'
  /** The interactive prompt's input ended before every answer was given. */
  | 'SCAFFOLD_CANCELLED'
  /** `dependencies: 'workspace'` outside a subnetkit checkout, or an unknown dependencies mode. */
  | 'SCAFFOLD_INVALID_DEPENDENCIES';

export class ScaffoldError extends SubnetkitError<ScaffoldErrorCode> {
  override name = 'ScaffoldError';
}
