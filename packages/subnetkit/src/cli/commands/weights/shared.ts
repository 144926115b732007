/** What the weights commands share: list flags, hex, and the options of a hotkey-signed weights action. */
import type { CommandContext, OptionSpec } from '../../command.js';
import { UsageError } from '../../errors.js';
import {
  chainOption,
  hotkeyUriOption,
  jsonOption,
  mecidOption,
  netuidOption,
  uriOption,
  walletOptions,
} from '../../options.js';

export const UIDS_OPTION: OptionSpec = {
  key: 'uids',
  flags: '--uids <list>',
  description: 'uids, comma-separated: 1,2,3',
};
export const WEIGHTS_OPTION: OptionSpec = {
  key: 'weights',
  flags: '--weights <list>',
  description: 'weights for the uids, comma-separated: 0.1,0.3,0.6 (normalized and max-upscaled to u16)',
};
export const VERSION_KEY_OPTION: OptionSpec = {
  key: 'versionKey',
  flags: '--version-key <n>',
  description: "version key (default: the subnet's WeightsVersionKey)",
};
export const COMMITS_OPTION: OptionSpec = {
  key: 'commits',
  flags: '--commits <file>',
  description: 'pending-commit store (default ~/.subnetkit/pending-commits.json; env SUBNETKIT_HOME moves it)',
};
export const SIGNER_OPTIONS: readonly OptionSpec[] = [
  netuidOption,
  chainOption,
  ...walletOptions,
  uriOption,
  hotkeyUriOption,
  mecidOption,
  COMMITS_OPTION,
  jsonOption,
];

/** A comma-separated list flag, each item parsed; a bad item is a usage error naming it. */
export function list(ctx: CommandContext, key: string, parse: (s: string) => number): number[] {
  const raw = ctx.opt(key);
  const flag = `--${key}`;
  if (typeof raw !== 'string') throw new UsageError(`${flag} is required (comma-separated)`);
  return raw.split(',').map((part, i) => {
    const v = parse(part.trim());
    if (!Number.isFinite(v)) throw new UsageError(`${flag} item ${i + 1} ('${part}') is not a number`);
    return v;
  });
}

export const uidList = (ctx: CommandContext) => list(ctx, 'uids', (s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN));
export const weightList = (ctx: CommandContext) => list(ctx, 'weights', (s) => (s === '' ? Number.NaN : Number(s)));

export function versionKey(ctx: CommandContext): string | undefined {
  const vk = ctx.opt('versionKey');
  if (vk === undefined) return undefined;
  if (typeof vk !== 'string' || !/^\d+$/.test(vk))
    throw new UsageError(`--version-key must be an integer, got '${vk}'`);
  return vk;
}

export function hexBytes(text: string, what: string, length?: number): Uint8Array {
  const clean = text.trim().replace(/^0x/i, '');
  if (!/^([0-9a-f]{2})+$/i.test(clean)) throw new UsageError(`${what} must be hex, got '${text.slice(0, 40)}'`);
  const bytes = Uint8Array.from(Buffer.from(clean, 'hex'));
  if (length !== undefined && bytes.length !== length) {
    throw new UsageError(`${what} must be ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

export function roundOption(ctx: CommandContext, needed: boolean): bigint | undefined {
  const raw = ctx.opt('round');
  if (raw === undefined) {
    if (needed) throw new UsageError('--round is required (the drand round to encrypt to)');
    return undefined;
  }
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || BigInt(raw) < 1n || BigInt(raw) >= 1n << 64n) {
    throw new UsageError(`--round must be a positive integer, got '${String(raw)}'`);
  }
  return BigInt(raw);
}

export const ROUND_OPTION: OptionSpec = { key: 'round', flags: '--round <R>', description: 'the drand round' };
export const PUBLIC_KEY_OPTION: OptionSpec = {
  key: 'publicKey',
  flags: '--public-key <hex>',
  description: "the drand beacon's 96-byte public key (default: quicknet's)",
};

export async function publicKeyOf(ctx: CommandContext): Promise<Uint8Array> {
  const raw = ctx.opt('publicKey');
  if (typeof raw === 'string') return hexBytes(raw, '--public-key', 96);
  const { QUICKNET } = await import('@subnetkit/metagraph');
  return QUICKNET.publicKey;
}

export const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
