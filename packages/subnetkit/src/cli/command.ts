/**
 * What a command file exports: its definition (name, summary, arguments, options, examples) and `run`. The parser,
 * the help, the reference in docs/cli.md and the exit codes all come from these definitions. Heavy modules (the
 * chain client, the localnet) are imported inside `run`, so defining every command costs nothing.
 */
import type { ConfigField } from '../neurons/config.js';
import type { Progress } from './progress.js';

export interface OptionSpec {
  /** The name `run` reads it by (`ctx.opt('netuid')`). */
  key: string;
  /** As commander spells it: `--netuid <n>`, `--json`, `-p, --wallet.path <dir>`. */
  flags: string;
  description: string;
  /** Further spellings of the long flag (`wallet-path`, `path`); `.`, `_` and case never matter. */
  aliases?: readonly string[];
  /**
   * The configuration setting this flag sets. Its value then comes from the flag, else the environment, else the
   * config file, else the default (`ctx.settings`).
   */
  setting?: { key: string; field: ConfigField };
}

export interface ArgumentSpec {
  /** `<file>` (required) or `[dir]` (optional). */
  name: string;
  description: string;
}

export interface CommandContext {
  /** Positional arguments, in the order the definition lists them. */
  args: (string | undefined)[];
  /** A flag's raw value: a string, `true`/`false` for a switch, undefined when not given. */
  opt(key: string): string | boolean | undefined;
  /** Settings resolved by precedence (flags > environment > config file > defaults). */
  settings: Record<string, string | number | boolean | undefined>;
  json: boolean;
  verbose: boolean;
  progress: Progress;
  /** Prints `data` as one JSON document with --json (bigints as strings), else `text`. */
  print(data: unknown, text: string): void;
  /** The chain endpoint the command talks to, for error messages that name it. */
  endpoint?: string;
}

export interface CommandSpec {
  /** The words after `subnetkit`: `synapse hash`, `metagraph`. */
  name: string;
  /** One line, for `subnetkit --help`. */
  summary: string;
  /** What it does, in a few sentences (default: the summary). */
  description?: string;
  /** After the command words in the usage line (default: the arguments, then `[options]`). */
  usage?: string;
  arguments?: readonly ArgumentSpec[];
  options: readonly OptionSpec[];
  /** Whole command lines, each run as is would work (given the files it names). */
  examples: readonly string[];
  /** Exit code: 0 ok (also when nothing is returned), 1 failure. */
  run(ctx: CommandContext): Promise<number | undefined>;
}

export const defineCommand = (spec: CommandSpec): CommandSpec => spec;

/** Prints JSON with bigints as strings. */
export function toJson(data: unknown, indent?: number): string {
  return JSON.stringify(data, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), indent);
}
