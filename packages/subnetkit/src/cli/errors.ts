/**
 * The CLI's own two failures. A `UsageError` (exit code 2) means the command line is wrong: a flag is unknown,
 * missing or malformed. A `CliError` (exit code 1) is a failure the CLI words itself, one sentence with the fix
 * (e.g. a missing wallet, a rate limit with the blocks to go); `cause` keeps the error it explains.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'CLI_USAGE';
}

export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Exit codes, the same for every command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
