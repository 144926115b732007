/**
 * The one error class of `@subnetkit/chain`. Every failure the client reports (a dispatch error decoded from the
 * runtime's metadata, a transaction-pool rejection, a timeout, a lost connection, bad input) is a `ChainError` with a
 * stable `code` a program can switch on, a human `message`, and the underlying `cause`.
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
  section?: string;
  /** Documentation of the error variant from the runtime metadata. */
  docs?: string;
  /** What the user can do about it. */
  hint?: string;
  /** Hash of the extrinsic concerned, when one was built. */
  txHash?: string;
  /** Block the extrinsic was included in, for dispatch errors. */
  blockHash?: string;
  /** Whether the transaction surely did not land (safe to send again). */
  retriable?: boolean;
}

export class ChainError extends Error {
  override readonly name = 'ChainError';
  readonly code: string;
  readonly kind: ChainErrorKind;
  readonly section: string | undefined;
  readonly docs: string | undefined;
  readonly hint: string | undefined;
  readonly txHash: string | undefined;
  readonly blockHash: string | undefined;
  readonly retriable: boolean;

  constructor(code: string, message: string, options: ChainErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
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
