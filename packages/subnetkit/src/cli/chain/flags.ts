/**
 * Flags shared by the chain commands (`metagraph`, `subnet`, `weights`): endpoint, keys from a wallet
 * (`--wallet.name/.path/.hotkey`, btcli spellings) or a dev URI (`--uri //Alice`), and number parsing.
 */
import { ChainClient } from '@subnetkit/chain';
import { Keypair, Wallet } from '@subnetkit/wallet';
import { closePrompt, readPassword } from '../wallet/prompt.js';

export class ChainUsageError extends Error {
  readonly code = 'CLI_USAGE';
}

export interface Flags {
  positional: string[];
  values: Map<string, string>;
  bools: Set<string>;
}

const normalise = (raw: string) => raw.replace(/^-+/, '').toLowerCase().replaceAll('.', '-').replaceAll('_', '-');

/** Parses `--name value`, `--name=value` and boolean flags; any other flag is a usage error naming it. */
export function parseFlags(args: string[], values: readonly string[], bools: readonly string[]): Flags {
  const out: Flags = { positional: [], values: new Map(), bools: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      if (arg === '-h') out.bools.add('help');
      else out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = normalise(eq >= 0 ? arg.slice(0, eq) : arg);
    if (name === 'help' || bools.includes(name)) {
      if (eq >= 0) throw new ChainUsageError(`${arg.slice(0, eq)} takes no value`);
      out.bools.add(name);
      continue;
    }
    if (!values.includes(name)) throw new ChainUsageError(`unknown flag ${eq >= 0 ? arg.slice(0, eq) : arg}`);
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new ChainUsageError(`${arg} needs a value`);
    out.values.set(name, value);
  }
  return out;
}

export const WALLET_FLAGS = ['wallet-name', 'wallet-path', 'wallet-hotkey', 'uri', 'hotkey-uri', 'hotkey'] as const;

export const KEY_HELP = `keys:
  --wallet.name <name>   wallet (env BT_WALLET_NAME, default "default"); --wallet.path <dir>, --wallet.hotkey <name>
  --uri <suri>           development key instead of a wallet, e.g. //Alice (never use dev keys on a real chain)
  --hotkey-uri <suri>    with --uri: the hotkey (default: the --uri key itself)
  --hotkey <ss58>        the hotkey address, when only its address is needed
  A wallet's encrypted coldkey asks for its password (or reads BT_PW_* / one line of stdin).`;

export function intFlag(
  flags: Flags,
  name: string,
  opts: { min?: number; max?: number; required?: boolean } = {},
): number | undefined {
  const raw = flags.values.get(name);
  if (raw === undefined) {
    if (opts.required) throw new ChainUsageError(`--${name} is required`);
    return undefined;
  }
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < (opts.min ?? 0) || n > (opts.max ?? Number.MAX_SAFE_INTEGER)) {
    throw new ChainUsageError(`--${name} must be an integer in ${opts.min ?? 0}..${opts.max ?? 'max'}, got '${raw}'`);
  }
  return n;
}

export const netuidFlag = (flags: Flags) => intFlag(flags, 'netuid', { max: 65535, required: true }) as number;

/** `12.5` TAO -> rao, exactly (up to 9 decimals). */
export function taoToRao(text: string, what: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(text.trim());
  if (!m) throw new ChainUsageError(`${what} must be a TAO amount like 10 or 0.5 (up to 9 decimals), got '${text}'`);
  return BigInt(m[1] as string) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** Connects to `--endpoint` (default $SUBNETKIT_ENDPOINT or `local`, ws://127.0.0.1:9944). */
export function connect(flags: Flags): Promise<ChainClient> {
  const endpoint = flags.values.get('endpoint') ?? process.env.SUBNETKIT_ENDPOINT ?? 'local';
  return ChainClient.connect(endpoint, { timeoutMs: 20_000, reconnect: false });
}

function walletOf(flags: Flags): Wallet {
  const path = flags.values.get('wallet-path');
  const name = flags.values.get('wallet-name');
  const hotkey = flags.values.get('wallet-hotkey');
  return new Wallet({
    ...(path !== undefined ? { path } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(hotkey !== undefined ? { hotkey } : {}),
  });
}

/** The coldkey that signs: `--uri`, else the wallet's coldkey (decrypted; the password is asked once). */
export async function coldkeyOf(flags: Flags): Promise<Keypair> {
  const uri = flags.values.get('uri');
  if (uri !== undefined) return Keypair.fromUri(uri);
  try {
    return await walletOf(flags).getColdkey({ password: () => readPassword('Coldkey password: ') });
  } finally {
    closePrompt();
  }
}

/** The hotkey that signs (weights): `--hotkey-uri`, `--uri`, else the wallet's hotkey. */
export async function hotkeySignerOf(flags: Flags): Promise<Keypair> {
  const uri = flags.values.get('hotkey-uri') ?? flags.values.get('uri');
  if (uri !== undefined) return Keypair.fromUri(uri);
  try {
    return await walletOf(flags).getHotkey({ password: () => readPassword('Hotkey password: ') });
  } finally {
    closePrompt();
  }
}

/** The hotkey's address (registration, staking): `--hotkey`, `--hotkey-uri`, `--uri`, else the wallet's hotkey pub. */
export async function hotkeyAddressOf(flags: Flags): Promise<string> {
  const address = flags.values.get('hotkey');
  if (address !== undefined) return (await Keypair.fromSs58(address)).address;
  const uri = flags.values.get('hotkey-uri') ?? flags.values.get('uri');
  if (uri !== undefined) return (await Keypair.fromUri(uri)).address;
  return (await walletOf(flags).getHotkeypub()).address;
}

/** Runs `fn` with a connected client and always closes it. */
export async function withClient<T>(flags: Flags, fn: (client: ChainClient) => Promise<T>): Promise<T> {
  const client = await connect(flags);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
