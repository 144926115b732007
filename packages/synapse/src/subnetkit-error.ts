/**
 * The one error base of subnetkit (lowest layer, so every package can extend it). `code` is stable, UPPER_SNAKE_CASE
 * (match on it, never on the message); `shortMessage` is the one-line human message; `details` the underlying reason
 * (given, or the cause's message); `docsPath` where the docs explain it; `metaMessages` extra lines (hints, the
 * offending values); `cause` the error underneath. `message` is `shortMessage` followed by whatever of
 * `metaMessages`, `docsPath` and `details` the thrower gave explicitly.
 */
export interface SubnetkitErrorParameters {
  cause?: unknown;
  details?: string | undefined;
  docsPath?: string | undefined;
  metaMessages?: readonly string[] | undefined;
}

export class SubnetkitError<Code extends string = string> extends Error {
  override name = 'SubnetkitError';
  readonly code: Code;
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly docsPath: string | undefined;
  readonly metaMessages: readonly string[];

  constructor(code: Code, shortMessage: string, parameters: SubnetkitErrorParameters = {}) {
    const { cause, details, docsPath, metaMessages = [] } = parameters;
    const lines = [shortMessage];
    if (metaMessages.length > 0) lines.push('', ...metaMessages);
    if (docsPath !== undefined) lines.push('', `Docs: ${docsPath}`);
    if (details !== undefined) lines.push('', `Details: ${details}`);
    super(lines.join('\n'), cause === undefined ? undefined : { cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details =
      details ?? (cause instanceof SubnetkitError ? cause.details : cause instanceof Error ? cause.message : undefined);
    this.docsPath = docsPath;
    this.metaMessages = metaMessages;
  }

  /**
   * Follows the `cause` chain from this error. With a predicate: the first error (this one included) it accepts, or
   * null. Without: the deepest cause (this error when there is none).
   */
  walk(predicate?: (error: unknown) => boolean): unknown {
    const seen = new Set<unknown>();
    let current: unknown = this;
    for (;;) {
      if (predicate?.(current)) return current;
      seen.add(current);
      const next = current instanceof Error ? current.cause : undefined;
      if (next === undefined || seen.has(next)) return predicate ? null : current;
      current = next;
    }
  }
}
