/**
 * Option definitions shared by the commands, so `--netuid`, `--chain`, `--wallet.*`, `--json`, `--verbose`,
 * `--logging.level`, `--axon.*` and `--mecid` mean the same everywhere. The ones backed by a setting take the
 * configuration's precedence: flag > environment (`SUBNETKIT_NETUID`, `BT_WALLET_NAME`, …) > config file > default.
 */
import { type ConfigField, MINER_FIELDS, VALIDATOR_FIELDS } from '../neurons/config.js';
import type { OptionSpec } from './command.js';
import { UsageError } from './errors.js';

/** Every setting any command reads: a config file may hold any of them. */
export const ALL_FIELDS: Record<string, ConfigField> = { ...MINER_FIELDS, ...VALIDATOR_FIELDS };

/** How a setting is spelled on the command line, where it differs from its kebab-case key. */
const FLAG_OF: Record<string, { flag: string; aliases?: string[]; placeholder?: string }> = {
  endpoint: {
    flag: '--chain',
    aliases: ['endpoint', 'subtensor-network', 'subtensor-chain-endpoint'],
    placeholder: 'url',
  },
  walletName: { flag: '--wallet.name', aliases: ['wallet-name'], placeholder: 'name' },
  walletPath: { flag: '--wallet.path', aliases: ['wallet-path'], placeholder: 'dir' },
  walletHotkey: { flag: '--wallet.hotkey', aliases: ['wallet-hotkey'], placeholder: 'name' },
  logLevel: { flag: '--logging.level', aliases: ['log-level'], placeholder: 'level' },
  axonIp: { flag: '--axon.ip', aliases: ['axon-ip'], placeholder: 'addr' },
  axonPort: { flag: '--axon.port', aliases: ['axon-port'], placeholder: 'n' },
  externalIp: { flag: '--axon.external-ip', aliases: ['external-ip'], placeholder: 'addr' },
  externalPort: { flag: '--axon.external-port', aliases: ['external-port'], placeholder: 'n' },
  hotkeyUri: { flag: '--hotkey-uri', placeholder: 'suri' },
};

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The option for a configuration setting, e.g. `settingOption('netuid')` → `--netuid <n>`. */
export function settingOption(key: string, description?: string): OptionSpec {
  const field = ALL_FIELDS[key];
  if (!field) throw new Error(`no setting '${key}'`);
  const spelled = FLAG_OF[key];
  const flag = spelled?.flag ?? `--${kebab(key)}`;
  const placeholder = spelled?.placeholder ?? (field.kind === 'string' ? 'value' : 'n');
  const env = [`SUBNETKIT_${kebab(key).replaceAll('-', '_').toUpperCase()}`, ...(field.alsoEnv ?? [])].join(', ');
  return {
    key,
    flags: field.kind === 'boolean' ? flag : `${flag} <${placeholder}>`,
    description: `${description ?? field.help} (env ${env})`,
    aliases: [kebab(key), ...(spelled?.aliases ?? [])],
    setting: { key, field },
  };
}

export const netuidOption = settingOption('netuid', 'the subnet id');
export const chainOption = settingOption(
  'endpoint',
  'the chain: local (ws://127.0.0.1:9944, the default), test, finney, or a ws:// / wss:// URL; --endpoint works too',
);
export const walletOptions: readonly OptionSpec[] = [
  settingOption('walletName', 'wallet name (default "default")'),
  settingOption('walletPath', 'wallets directory (default ~/.bittensor/wallets)'),
  settingOption('walletHotkey', 'hotkey name in the wallet (default "default")'),
];
export const jsonOption: OptionSpec = {
  key: 'json',
  flags: '--json',
  description: 'print the result as JSON on stdout (progress and errors stay on stderr)',
};
export const mecidOption = settingOption('mecid', 'mechanism (sub-subnet) id, 0-255 (default 0)');
export const loggingOption = settingOption('logLevel', 'log level: trace, debug, info, warn, error, silent');

/** Development keys instead of a wallet (chain commands). */
export const uriOption: OptionSpec = {
  key: 'uri',
  flags: '--uri <suri>',
  description: 'development key instead of a wallet, e.g. //Alice (never on a real chain)',
  aliases: ['suri'],
};
export const hotkeyUriOption = settingOption(
  'hotkeyUri',
  'with --uri: the hotkey, e.g. //Alice//owner (default: the --uri key)',
);
export const hotkeyAddressOption: OptionSpec = {
  key: 'hotkey',
  flags: '--hotkey <ss58>',
  description: 'the hotkey address, when only its address is needed',
};

/** Integer flag within bounds; a bad value is a usage error naming the flag. */
export function intOption(
  raw: string | boolean | undefined,
  flag: string,
  bounds: { min?: number; max?: number } = {},
): number | undefined {
  if (raw === undefined) return undefined;
  const min = bounds.min ?? 0;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  const text = String(raw);
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    throw new UsageError(`${flag} must be an integer in ${min}..${bounds.max ?? 'max'}, got '${text}'`);
  }
  return n;
}

/** A setting every run needs (e.g. the netuid): a usage error naming the flag, variable and file key otherwise. */
export function required<T>(value: T | undefined, option: OptionSpec): T {
  if (value !== undefined) return value;
  const flag = option.flags.split(/[ ,]+/).find((f) => f.startsWith('--')) ?? option.flags;
  const setting = option.setting?.key;
  const where = setting
    ? ` (or set ${option.description.match(/\(env ([A-Z_]+)/)?.[1] ?? 'its variable'}, or ${setting} in the config file)`
    : '';
  throw new UsageError(`${flag} is required${where}`);
}

/** `12.5` TAO → rao, exactly (up to 9 decimals). */
export function taoToRao(text: string, what: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(text.trim());
  if (!m) throw new UsageError(`${what} must be a TAO amount like 10 or 0.5 (up to 9 decimals), got '${text}'`);
  return BigInt(m[1] as string) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}
