/** What `wallet regen-coldkey` and `wallet regen-hotkey` share: the secret they rebuild the key from. */
import type { RegenerateKeyOptions } from '@subnetkit/wallet';
import type { CommandContext, CommandSpec, OptionSpec } from '../../command.js';
import { UsageError } from '../../errors.js';
import { readPassword } from '../../prompt.js';
import { NEW_KEY_OPTIONS, WALLET_OPTIONS, walletOf, writeOptions } from './shared.js';

const SECRET_OPTIONS: readonly OptionSpec[] = [
  { key: 'mnemonic', flags: '--mnemonic <words>', description: 'the BIP39 phrase (asked for when no secret is given)' },
  { key: 'seed', flags: '--seed <hex>', description: 'the 32-byte secretSeed, 0x + 64 hex' },
  { key: 'uri', flags: '--uri <suri>', description: 'a secret URI such as //Alice (development)', aliases: ['suri'] },
];

/** Exactly one of --mnemonic, --seed, --uri; without any, the phrase is asked for (kept out of shell history). */
async function source(ctx: CommandContext): Promise<{ mnemonic: string } | { seed: string } | { uri: string }> {
  const given = (['mnemonic', 'seed', 'uri'] as const).filter((k) => typeof ctx.opt(k) === 'string');
  if (given.length > 1) throw new UsageError('give only one of --mnemonic, --seed, --uri');
  const [which] = given;
  if (which === 'mnemonic') return { mnemonic: ctx.opt('mnemonic') as string };
  if (which === 'seed') return { seed: ctx.opt('seed') as string };
  if (which === 'uri') return { uri: ctx.opt('uri') as string };
  return { mnemonic: await readPassword('Mnemonic: ') };
}

export function regenCommand(what: 'coldkey' | 'hotkey'): CommandSpec {
  return {
    name: `wallet regen-${what}`,
    summary: `rewrite the ${what} from --mnemonic, --seed or --uri`,
    description: `Rebuilds the ${what} from its secret and writes it (refused if the file exists, unless --overwrite).`,
    options: [
      ...WALLET_OPTIONS,
      ...SECRET_OPTIONS,
      ...NEW_KEY_OPTIONS.filter((o) => o.key !== 'hideMnemonic' && (what === 'coldkey' || o.key !== 'password')),
    ],
    examples: [
      `subnetkit wallet regen-${what} --wallet.name restored --mnemonic "legal winner thank year wave sausage worth useful legal winner thank yellow"`,
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
