/** What the wallet commands share: btcli's flag spellings, the wallet they name, key-writing options, output. */
import type { CreatedKey, Keyfile, KeyfileProgress, MnemonicWordCount, Wallet } from '@subnetkit/wallet';
import type { CommandContext, OptionSpec } from '../../command.js';
import { UsageError } from '../../errors.js';
import { jsonOption, settingOption } from '../../options.js';
import { readNewPassword } from '../../prompt.js';

/** `--wallet.path` also as `--wallet-path`, `--wallet_path`, `-p`, `--path`, `--wp` (btcli's spellings). */
export const WALLET_OPTIONS: readonly OptionSpec[] = [
  {
    ...settingOption('walletPath', 'wallets root (default ~/.bittensor/wallets)'),
    flags: '-p, --wallet.path <dir>',
    aliases: ['wallet-path', 'path', 'wp'],
  },
  {
    ...settingOption('walletName', 'wallet (default "default")'),
    flags: '-w, --wallet.name <name>',
    aliases: ['wallet-name', 'name', 'wallet'],
  },
  {
    ...settingOption('walletHotkey', 'hotkey (default "default")'),
    flags: '-H, --wallet.hotkey <name>',
    aliases: ['wallet-hotkey', 'hotkey', 'wh', 'hk', 'h'],
  },
];

export const NEW_KEY_OPTIONS: readonly OptionSpec[] = [
  {
    key: 'password',
    flags: '--no-password',
    description: 'write the coldkey unencrypted (development only)',
    aliases: ['no-use-password', 'no-encrypt'],
  },
  { key: 'usePassword', flags: '--use-password', description: 'encrypt the hotkey too' },
  {
    key: 'overwrite',
    flags: '--overwrite',
    description: 'replace existing key files (otherwise refused)',
    aliases: ['force'],
  },
  {
    key: 'hideMnemonic',
    flags: '--hide-mnemonic',
    description: 'do not print new mnemonics',
    aliases: ['no-mnemonic'],
  },
  jsonOption,
];

export const N_WORDS_OPTION: OptionSpec = {
  key: 'nWords',
  flags: '--n-words <n>',
  description: 'mnemonic length: 12 (default), 15, 18, 21 or 24',
  aliases: ['words'],
};

export const PASSWORDS_NOTE =
  'On a terminal the password is asked for (no echo); otherwise one line per password is read from stdin. A ' +
  "keyfile's password may also come from its BT_PW_<PATH> variable ('subnetkit wallet env-password' prints it).";

export async function walletOf(ctx: CommandContext): Promise<Wallet> {
  const { walletFrom } = await import('../../keys.js');
  return walletFrom(ctx);
}

export async function nWords(ctx: CommandContext): Promise<MnemonicWordCount> {
  const raw = ctx.opt('nWords');
  if (raw === undefined) return 12;
  const { MNEMONIC_WORD_COUNTS } = await import('@subnetkit/wallet');
  const n = Number(raw);
  if (!(MNEMONIC_WORD_COUNTS as readonly number[]).includes(n)) {
    throw new UsageError(`--n-words must be one of ${MNEMONIC_WORD_COUNTS.join(', ')}, got ${String(raw)}`);
  }
  return n as MnemonicWordCount;
}

/** Progress while Argon2i runs (several seconds, 512 MiB). */
function progress(ctx: CommandContext, what: string): KeyfileProgress {
  let step: { done(): void } | undefined;
  return (e) => {
    if (e.stage === 'start') step = ctx.progress.start(`encrypting the ${what} (Argon2i, 512 MiB)`);
    if (e.stage === 'done') step?.done();
  };
}

/** Write options for one key: encryption on/off and a password asked only if BT_PW_* does not provide one. */
export function writeOptions(ctx: CommandContext, what: 'coldkey' | 'hotkey') {
  const usePassword = what === 'coldkey' ? ctx.opt('password') !== false : ctx.opt('usePassword') === true;
  return {
    usePassword,
    overwrite: ctx.opt('overwrite') === true,
    password: (_f: Keyfile) => readNewPassword(what),
    onProgress: progress(ctx, what),
  };
}

export function printCreated(
  ctx: CommandContext,
  wallet: Wallet,
  keys: { kind: string; file: Keyfile; key: CreatedKey }[],
): void {
  const hide = ctx.opt('hideMnemonic') === true;
  if (ctx.json) {
    const out: Record<string, unknown> = { wallet: wallet.name, path: wallet.root };
    for (const k of keys) {
      out[k.kind] = {
        address: k.key.keypair.address,
        file: k.file.path,
        ...(hide ? {} : { mnemonic: k.key.mnemonic }),
      };
    }
    ctx.print(out, '');
    return;
  }
  for (const k of keys) console.log(`${k.kind.padEnd(8)} ${k.key.keypair.address}  ${k.file.path}`);
  if (!hide) {
    console.log('\nThese mnemonics are the ONLY way to recover the keys. Write them down and keep them offline:');
    for (const k of keys) console.log(`  ${k.kind.padEnd(8)} ${k.key.mnemonic}`);
  }
}
