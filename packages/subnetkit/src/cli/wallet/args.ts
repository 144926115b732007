/**
 * Flag parsing for `subnetkit wallet`. btcli spells flags `--wallet.name`; `--wallet-name`, `--wallet_name` and
 * the short btcli aliases are accepted too. Names are normalised to `wallet-name` form before lookup.
 */
export class UsageError extends Error {
  readonly code = 'CLI_USAGE';
}

type FlagKind = 'string' | 'boolean';

/** Canonical flag name → kind, plus aliases (normalised) → canonical name. */
const FLAGS: Record<string, { kind: FlagKind; aliases: string[] }> = {
  'wallet-path': { kind: 'string', aliases: ['wallet-path', 'path', 'p', 'wp'] },
  'wallet-name': { kind: 'string', aliases: ['wallet-name', 'name', 'w', 'wallet'] },
  'wallet-hotkey': { kind: 'string', aliases: ['wallet-hotkey', 'hotkey', 'h', 'wh', 'hk'] },
  'no-password': { kind: 'boolean', aliases: ['no-password', 'no-use-password', 'no-encrypt'] },
  'use-password': { kind: 'boolean', aliases: ['use-password'] },
  mnemonic: { kind: 'string', aliases: ['mnemonic'] },
  seed: { kind: 'string', aliases: ['seed'] },
  uri: { kind: 'string', aliases: ['uri', 'suri'] },
  'n-words': { kind: 'string', aliases: ['n-words', 'words'] },
  overwrite: { kind: 'boolean', aliases: ['overwrite', 'force'] },
  json: { kind: 'boolean', aliases: ['json'] },
  'hide-mnemonic': { kind: 'boolean', aliases: ['hide-mnemonic', 'no-mnemonic'] },
  coldkey: { kind: 'boolean', aliases: ['coldkey'] },
  help: { kind: 'boolean', aliases: ['help'] },
};

const ALIAS: Record<string, string> = {};
for (const [name, spec] of Object.entries(FLAGS)) for (const a of spec.aliases) ALIAS[a] = name;

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

function normalise(raw: string): string {
  return raw.replace(/^-+/, '').toLowerCase().replaceAll('.', '-').replaceAll('_', '-');
}

export function parseArgs(args: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const rawName = eq >= 0 ? arg.slice(0, eq) : arg;
    const name = rawName === '-h' ? 'help' : ALIAS[normalise(rawName)];
    if (!name) throw new UsageError(`unknown flag ${rawName}`);
    const kind = FLAGS[name]?.kind;
    if (kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`${rawName} takes no value`);
      flags.set(name, true);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`${rawName} needs a value`);
    flags.set(name, value);
  }
  return { positional, flags };
}

export function stringFlag(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function boolFlag(parsed: ParsedArgs, name: string): boolean {
  return parsed.flags.get(name) === true;
}
