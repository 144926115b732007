/** Argument helpers shared by the `weights` commands. */
import { ChainUsageError, type Flags } from './chain/flags.js';

/** A comma-separated list flag, each item parsed; a bad item is a usage error naming it. */
export function list(flags: Flags, name: string, parse: (s: string) => number): number[] {
  const raw = flags.values.get(name);
  if (raw === undefined) throw new ChainUsageError(`--${name} is required (comma-separated)`);
  return raw.split(',').map((part, i) => {
    const v = parse(part.trim());
    if (!Number.isFinite(v)) throw new ChainUsageError(`--${name} item ${i + 1} ('${part}') is not a number`);
    return v;
  });
}

/** Prints `json` with --json (bigints as strings), else `text`. */
export const out = (flags: Flags, json: unknown, text: string) => {
  console.log(
    flags.bools.has('json') ? JSON.stringify(json, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) : text,
  );
};
