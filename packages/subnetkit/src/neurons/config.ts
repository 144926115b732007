/**
 * Neuron configuration from four places with one precedence: command-line flags > environment > config file >
 * defaults. Every setting has one name: the option key (`syncEveryBlocks`), written as a flag in kebab case
 * (`--sync-every-blocks`; `--wallet.name` and `--wallet-name` are the same flag), as an environment variable in
 * upper snake case with the `SUBNETKIT_` prefix (`SUBNETKIT_SYNC_EVERY_BLOCKS`), and as the same key in a JSON config
 * file (`--config path` or `SUBNETKIT_CONFIG`).
 */
import { readFileSync } from 'node:fs';
import { NeuronError } from './errors.js';

type Kind = 'string' | 'int' | 'number' | 'boolean';

export interface ConfigField {
  kind: Kind;
  help: string;
  /** Further environment variables read after the `SUBNETKIT_` one (e.g. btcli's `BT_WALLET_NAME`). */
  alsoEnv?: string[];
  /** Inclusive bounds of a number (e.g. a u8 on chain). */
  range?: readonly [number, number];
}

/** Settings both neurons read. */
export const COMMON_FIELDS = {
  netuid: { kind: 'int', help: 'subnet id' },
  endpoint: { kind: 'string', help: "chain: 'local' (ws://127.0.0.1:9944), 'test', 'finney' or a ws:// URL" },
  walletName: { kind: 'string', help: 'wallet name', alsoEnv: ['BT_WALLET_NAME'] },
  walletPath: { kind: 'string', help: 'wallets directory', alsoEnv: ['BT_WALLET_PATH'] },
  walletHotkey: { kind: 'string', help: 'hotkey name in the wallet', alsoEnv: ['BT_WALLET_HOTKEY'] },
  hotkeyUri: { kind: 'string', help: 'development only: the hotkey from a secret URI such as //Bob//miner' },
  syncEveryBlocks: { kind: 'int', help: 'resync the metagraph when this many blocks have passed' },
  logLevel: { kind: 'string', help: 'pino level: trace, debug, info, warn, error, silent' },
} as const satisfies Record<string, ConfigField>;

export const MINER_FIELDS = {
  ...COMMON_FIELDS,
  axonIp: { kind: 'string', help: 'address the axon binds' },
  axonPort: { kind: 'int', help: 'port the axon listens on (0: any free port)' },
  externalIp: { kind: 'string', help: 'address published on chain (default: axonIp)' },
  externalPort: { kind: 'int', help: 'port published on chain (default: the listening port)' },
  minStake: { kind: 'number', help: 'refuse callers with less stake than this (TAO/alpha)' },
  requireValidatorPermit: { kind: 'boolean', help: 'refuse callers without a validator permit' },
  allowUnregistered: { kind: 'boolean', help: 'accept callers not registered on the subnet' },
  shutdownTimeoutMs: { kind: 'int', help: 'on SIGINT/SIGTERM, let in-flight requests finish this long' },
} as const satisfies Record<string, ConfigField>;

export const VALIDATOR_FIELDS = {
  ...COMMON_FIELDS,
  sampleSize: { kind: 'int', help: 'miners queried per step (0: every serving miner)' },
  timeout: { kind: 'number', help: 'seconds a miner has to answer' },
  alpha: { kind: 'number', help: 'moving-average weight of the newest reward (0..1]' },
  stepIntervalMs: { kind: 'int', help: 'pause between steps' },
  statePath: { kind: 'string', help: 'file holding scores and step state' },
  weightsEveryBlocks: { kind: 'int', help: 'blocks between weight submissions (default: the tempo)' },
  weightsTimeoutMs: {
    kind: 'int',
    help: 'abandon a weight submission not in a block after this long, try again later (default 60000)',
    range: [1, 2_147_483_647],
  },
  mecid: { kind: 'int', help: 'mechanism (sub-subnet) id the weights are for (default 0)', range: [0, 255] },
} as const satisfies Record<string, ConfigField>;

type ValueOf<K extends Kind> = K extends 'string' ? string : K extends 'boolean' ? boolean : number;
export type ConfigValues<F extends Record<string, ConfigField>> = { [K in keyof F]?: ValueOf<F[K]['kind']> };
export type ConfigSource = 'flag' | 'env' | 'file' | 'default';

export interface LoadConfigOptions<F extends Record<string, ConfigField>> {
  /** Command-line arguments (default `process.argv.slice(2)`). Unknown flags are an error. */
  argv?: string[];
  /** Environment (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** A config file; default: `--config` or `SUBNETKIT_CONFIG`, else none. */
  file?: string;
  /** Values used when no flag, variable or file sets them. */
  defaults?: ConfigValues<F>;
}

export interface LoadedConfig<F extends Record<string, ConfigField>> {
  values: ConfigValues<F>;
  /** Where each value came from. */
  sources: { [K in keyof F]?: ConfigSource };
  /** Non-flag arguments, in order. */
  positional: string[];
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envName = (key: string) => `SUBNETKIT_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
const normaliseFlag = (raw: string) => raw.replace(/^-+/, '').toLowerCase().replaceAll('.', '-').replaceAll('_', '-');

function parse(field: ConfigField, raw: unknown, where: string): string | number | boolean {
  const { kind } = field;
  if (kind === 'string') {
    if (typeof raw !== 'string' || raw === '')
      throw new NeuronError('NEURON_CONFIG', `${where} must be a non-empty string`);
    return raw;
  }
  if (kind === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === '1' || raw === '') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new NeuronError('NEURON_CONFIG', `${where} must be true or false, got '${String(raw)}'`);
  }
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n)) throw new NeuronError('NEURON_CONFIG', `${where} must be a number, got '${String(raw)}'`);
  if (kind === 'int' && !Number.isInteger(n)) {
    throw new NeuronError('NEURON_CONFIG', `${where} must be an integer, got '${String(raw)}'`);
  }
  if (field.range && (n < field.range[0] || n > field.range[1])) {
    throw new NeuronError(
      'NEURON_CONFIG',
      `${where} must be ${field.range[0]}-${field.range[1]}, got '${String(raw)}'`,
    );
  }
  return n;
}

/** `{ "wallet": { "name": "x" } }` and `{ "wallet.name": "x" }` both mean `walletName`. */
function flattenFile(obj: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix ? `${prefix}-${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [nk, nv] of flattenFile(v as Record<string, unknown>, name)) out.set(nk, nv);
    } else out.set(normaliseFlag(kebab(name)), v);
  }
  return out;
}

function readConfigFile(path: string): Map<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new NeuronError('NEURON_CONFIG', `cannot read config file ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new NeuronError('NEURON_CONFIG', `config file ${path} is not valid JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new NeuronError('NEURON_CONFIG', `config file ${path} must hold a JSON object`);
  }
  return flattenFile(parsed as Record<string, unknown>);
}

/**
 * Resolves `fields` from flags, environment, a config file and defaults, in that order of precedence.
 *
 * @example
 * const { values } = loadConfig(VALIDATOR_FIELDS, { defaults: { netuid: 1, sampleSize: 16 } });
 * const validator = new Validator({ ...values, synapse, challenge, reward });
 */
export function loadConfig<F extends Record<string, ConfigField>>(
  fields: F,
  options: LoadConfigOptions<F> = {},
): LoadedConfig<F> {
  const argv = options.argv ?? process.argv.slice(2);
  const env = options.env ?? process.env;
  const byFlag = new Map(Object.keys(fields).map((k) => [normaliseFlag(kebab(k)), k]));
  const flags = new Map<string, string>();
  const positional: string[] = [];
  let configPath = options.file;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = normaliseFlag(eq >= 0 ? arg.slice(0, eq) : arg);
    const key = name === 'config' ? 'config' : byFlag.get(name);
    if (key === undefined) throw new NeuronError('NEURON_CONFIG', `unknown flag ${eq >= 0 ? arg.slice(0, eq) : arg}`);
    let value: string | undefined = eq >= 0 ? arg.slice(eq + 1) : undefined;
    if (value === undefined) {
      const next = argv[i + 1];
      // A boolean flag may stand alone (`--require-validator-permit`).
      if (fields[key]?.kind === 'boolean' && (next === undefined || next.startsWith('--'))) value = 'true';
      else if (next === undefined) throw new NeuronError('NEURON_CONFIG', `${arg} needs a value`);
      else {
        value = next;
        i++;
      }
    }
    if (key === 'config') configPath = value;
    else flags.set(key, value);
  }
  const resolved = resolveConfig(fields, {
    flags,
    env,
    ...(configPath !== undefined ? { file: configPath } : {}),
    ...(options.defaults ? { defaults: options.defaults } : {}),
  });
  return { ...resolved, positional };
}

export interface ResolveConfigOptions<F extends Record<string, ConfigField>> {
  /** Raw flag values by option key (`walletName`), as typed on the command line. */
  flags: ReadonlyMap<string, string | boolean>;
  /** Environment (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** A config file; default `SUBNETKIT_CONFIG`, else none. */
  file?: string;
  /** Values used when no flag, variable or file sets them. */
  defaults?: ConfigValues<F>;
  /** Keys a config file may hold (default: the fields'); a file shared by several commands lists them all. */
  knownKeys?: Iterable<string>;
}

/**
 * The precedence rule itself, for callers that parsed their flags already (the `subnetkit` CLI): each field takes
 * the flag, else its environment variable, else the config file's key, else the default; every value is checked
 * against its kind and range, and an unknown key in the file is an error.
 */
export function resolveConfig<F extends Record<string, ConfigField>>(
  fields: F,
  options: ResolveConfigOptions<F>,
): Omit<LoadedConfig<F>, 'positional'> {
  const env = options.env ?? process.env;
  const configPath = options.file ?? (env.SUBNETKIT_CONFIG || undefined);
  const file = configPath ? readConfigFile(configPath) : new Map<string, unknown>();
  const known = new Set([...(options.knownKeys ?? Object.keys(fields))].map((k) => normaliseFlag(kebab(k))));
  for (const k of file.keys()) {
    if (!known.has(k)) throw new NeuronError('NEURON_CONFIG', `config file ${configPath}: unknown setting '${k}'`);
  }

  const values: Record<string, unknown> = {};
  const sources: Record<string, ConfigSource> = {};
  for (const [key, field] of Object.entries(fields)) {
    const flag = `--${kebab(key)}`;
    const fromFlag = options.flags.get(key);
    if (fromFlag !== undefined) {
      values[key] = parse(field, fromFlag, flag);
      sources[key] = 'flag';
      continue;
    }
    const envVar = [envName(key), ...(field.alsoEnv ?? [])].find((v) => env[v] !== undefined && env[v] !== '');
    if (envVar) {
      values[key] = parse(field, env[envVar], envVar);
      sources[key] = 'env';
      continue;
    }
    const fromFile = file.get(normaliseFlag(kebab(key)));
    if (fromFile !== undefined) {
      values[key] = parse(field, fromFile, `${key} in ${configPath}`);
      sources[key] = 'file';
      continue;
    }
    const dflt = options.defaults?.[key as keyof F];
    if (dflt !== undefined) {
      values[key] = dflt;
      sources[key] = 'default';
    }
  }
  return { values: values as ConfigValues<F>, sources: sources as LoadedConfig<F>['sources'] };
}

/** One line per setting, for `--help`. */
export function configHelp(fields: Record<string, ConfigField>): string {
  return Object.entries(fields)
    .map(([k, f]) => `  --${kebab(k).padEnd(26)} ${f.help} (env ${envName(k)})`)
    .join('\n');
}
