/**
 * Secrets given to a command: a mnemonic, a seed, a secret URI. A process's arguments are readable by every user of
 * the machine (`ps`, /proc/<pid>/cmdline) and stay in shell history, so the documented form reads the secret like a
 * password: the flag without a value (or `-`) asks on a terminal with echo off, or reads one line of stdin. A value
 * on the command line still works, for scripts on a single-user machine, with a warning on stderr.
 */
import { readSecret } from './prompt.js';

/** The secret of `flag`: its value, or read like a password when the flag has no value or `-`. */
export async function secretFromFlag(flag: string, value: string | true, what: string): Promise<string> {
  if (value === true || value === '-') return readSecret(`${what[0]?.toUpperCase()}${what.slice(1)}: `, what);
  warnSecretOnCommandLine(flag, value);
  return value;
}

/**
 * `//Alice`, `//Bob//miner`: the public development phrase with a derivation path, not a secret. A phrase, a seed
 * or a `///password` in the URI is one.
 */
export function isDevUri(uri: string): boolean {
  return /^\/\/[^/]/.test(uri) && !uri.includes('///');
}

const warned = new Set<string>();

/**
 * Warns on stderr (once per flag) that a secret given on the command line is visible to others; development URIs
 * pass silently.
 */
export function warnSecretOnCommandLine(flag: string, value: string): void {
  if ((flag.endsWith('uri') && isDevUri(value)) || warned.has(flag)) return;
  warned.add(flag);
  console.error(
    `warning: the secret given to ${flag} on the command line can be read by other users of this machine ` +
      `(ps, /proc/<pid>/cmdline) and stays in your shell history; give ${flag} without a value to type it ` +
      '(no echo) or pipe it on stdin',
  );
}
