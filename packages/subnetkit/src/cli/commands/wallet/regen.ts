/** What `wallet regen-coldkey` and `wallet regen-hotkey` share: the secret they rebuild the key from. */
import type { RegenerateKeyOptions } from '@subnetkit/wallet';
import type { CommandContext, CommandSpec, OptionSpec } from '../../command.js';
import { UsageError } from '../../errors.js';
import { secretFromFlag } from '../../secret-input.js';
import { NEW_KEY_OPTIONS, PASSWORDS_NOTE, WALLET_OPTIONS, walletOf, writeOptions } from './shared.js';

const SECRET_OPTIONS: readonly OptionSpec[] = [
  {
    key: 'mnemonic',
    flags: '--mnemonic [words]',
    description:
      "the BIP39 phrase; without a value (or '-') it is asked for with no echo, or read as one line of stdin " +
      '(a value on the command line is visible to other users: warned)',
  },
  {
    key: 'seed',
    flags: '--seed [hex]',
    description: "the 32-byte secretSeed, 0x + 64 hex; without a value (or '-') read like --mnemonic",
  },
  {
    key: 'uri',
    flags: '--uri [suri]',
    description: "a secret URI such as //Alice (development); without a value (or '-') read like --mnemonic",
    aliases: ['suri'],
  },
];

type Source = { mnemonic: string } | { seed: string } | { uri: string };

/**
 * Exactly one of --mnemonic, --seed, --uri; a flag without a value, or none of them, reads the secret like a
 * password (prompt with no echo, or one line of stdin), so it is never a process argument.
 */
async function source(ctx: CommandContext): Promise<Source> {
  const given = (['mnemonic', 'seed', 'uri'] as const).filter((k) => ctx.opt(k) !== undefined && ctx.opt(k) !== false);
  if (given.length > 1) throw new UsageError('give only one of --mnemonic, --seed, --uri');
  const which = given[0] ?? 'mnemonic';
  const value = ctx.opt(which) ?? true;
  const what = { mnemonic: 'mnemonic', seed: 'seed', uri: 'secret URI' }[which];
  return { [which]: await secretFromFlag(`--${which}`, value as string | true, what) } as Source;
}

export function regenCommand(what: 'coldkey' | 'hotkey'): CommandSpec {
  return {
    name: `wallet regen-${what}`,
    summary: `rewrite the ${what} from --mnemonic, --seed or --uri`,
    description:
      `Rebuilds the ${what} from its secret and writes it (refused if the file exists, unless --overwrite). ` +
      'Give the secret flag without a value: on a terminal it is asked for with no echo; otherwise the first line ' +
      'of stdin is the secret (then one line per password), so it never shows in `ps` or shell history. ' +
      PASSWORDS_NOTE,
    options: [
      ...WALLET_OPTIONS,
      ...SECRET_OPTIONS,
      ...NEW_KEY_OPTIONS.filter((o) => o.key !== 'hideMnemonic' && (what === 'coldkey' || o.key !== 'password')),
    ],
    examples: [
      `subnetkit wallet regen-${what} --wallet.name restored --mnemonic`,
      `subnetkit wallet regen-${what} --wallet.name restored --seed - < secret.txt`,
    ],
    async run(ctx) {
      const wallet = await walletOf(ctx);
      const options = { ...(await source(ctx)), ...writeOptions(ctx, what) } as RegenerateKeyOptions;
      const kp = what === 'coldkey' ? await wallet.regenerateColdkey(options) : await wallet.regenerateHotkey(options);
      const file = what === 'coldkey' ? wallet.coldkeyFile : wallet.hotkeyFile();
      ctx.print({ [what]: { address: kp.address, file: file.path } }, `${what.padEnd(8)} ${kp.address}  ${file.path}`);
      return 0;
    },
  };
}
