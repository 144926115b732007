import { SubnetkitError } from '@subnetkit/synapse';

/**
 * The one error class of `@subnetkit/chain` (a SubnetkitError). Every failure the client reports (a dispatch error
 * decoded from the runtime's metadata, a transaction-pool rejection, a timeout, a lost connection, bad input) is a
 * `ChainError` with a stable `code` a program can switch on, a `shortMessage`, the fix in `hint`/`metaMessages` where
 * there is one, and the underlying `cause`. Codes are the chain's own names (`SettingWeightsTooFast`, `BadOrigin`,
 * `Stale`), decoded from the runtime's metadata, and the client's own failures follow that style (`ConnectTimeout`,
 * `InvalidNetuid`), so one handler serves the chain's refusals and the checks made before sending.
 */
export type ChainErrorKind =
  /** The extrinsic was included in a block and failed (`ExtrinsicFailed`, or a failed `Sudid`/batch item). */
  | 'dispatch'
  /** The node refused the transaction before it entered the pool (`1010 Invalid Transaction`, `1014`...). */
  | 'pool'
  /** The connection failed, dropped, or a call ran out of time / was aborted. */
  | 'connection'
  /** The caller passed something the chain would reject (checked client-side). */
  | 'input'
  /** The runtime lacks something this client needs (a call, a storage item, a runtime API). */
  | 'unsupported';

export interface ChainErrorOptions {
  kind: ChainErrorKind;
  cause?: unknown;
  /** Pallet of a module error, e.g. `subtensorModule`. */
  section?: string | undefined;
  /** Documentation of the error variant from the runtime metadata. */
  docs?: string | undefined;
  /** What the user can do about it (the first of `metaMessages`). */
  hint?: string | undefined;
  /** Further lines: the values involved, more hints. */
  metaMessages?: readonly string[] | undefined;
  /** Hash of the extrinsic concerned, when one was built. */
  txHash?: string | undefined;
  /** Block the extrinsic was included in, for dispatch errors. */
  blockHash?: string | undefined;
  /** Whether the transaction surely did not land (safe to send again). */
  retriable?: boolean | undefined;
}

export class ChainError extends SubnetkitError {
  override name = 'ChainError';
  readonly kind: ChainErrorKind;
  readonly section: string | undefined;
  readonly docs: string | undefined;
  /** What the user can do about it (also the first of `metaMessages`). */
  readonly hint: string | undefined;
  readonly txHash: string | undefined;
  readonly blockHash: string | undefined;
  readonly retriable: boolean;

  constructor(code: string, shortMessage: string, options: ChainErrorOptions) {
    super(code, shortMessage, {
      cause: options.cause,
      metaMessages: [...(options.hint ? [options.hint] : []), ...(options.metaMessages ?? [])],
    });
    this.kind = options.kind;
    this.section = options.section;
    this.docs = options.docs;
    this.hint = options.hint;
    this.txHash = options.txHash;
    this.blockHash = options.blockHash;
    this.retriable = options.retriable ?? false;
  }

  /** True when `err` is a ChainError, optionally with the given code. */
  static is(err: unknown, code?: string): err is ChainError {
    return err instanceof ChainError && (code === undefined || err.code === code);
  }
}
