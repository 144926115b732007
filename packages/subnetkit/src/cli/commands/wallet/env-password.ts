/** `subnetkit wallet env-password`: the BT_PW_* variable that holds a keyfile's password, as btcli reads it. */
import { defineCommand } from '../../command.js';
import { jsonOption } from '../../options.js';
import { readPassword } from '../../prompt.js';
import { WALLET_OPTIONS, walletOf } from './shared.js';

export default defineCommand({
  name: 'wallet env-password',
  summary: "print the BT_PW_* variable that holds a keyfile's password (coldkey with --coldkey)",
  description:
    "Reads the password (prompt, or one line of stdin) and prints the export line of the keyfile's BT_PW_<PATH> " +
    "variable: base64(password XOR btwallet's variable name), the form btcli and subnetkit read before asking. " +
    "btwallet keeps a '-' of the path in the name, which a shell cannot export; the line printed uses the " +
    "shell-safe spelling ('-' as '_'), which subnetkit also reads; btcli reads only btwallet's (--json prints " +
    "both names; set btwallet's with `env 'NAME=value' btcli ...`).",
  options: [
    ...WALLET_OPTIONS,
    { key: 'coldkey', flags: '--coldkey', description: "the coldkey's variable (default: the hotkey's)" },
    jsonOption,
  ],
  examples: ['subnetkit wallet env-password --coldkey --wallet.name miner'],
  async run(ctx) {
    const { encodeEnvPassword } = await import('@subnetkit/wallet');
    const wallet = await walletOf(ctx);
    const file = ctx.opt('coldkey') ? wallet.coldkeyFile : wallet.hotkeyFile();
    const password = await readPassword(`Password for ${file.path}: `);
    const value = encodeEnvPassword(file.envVarName, password);
    ctx.print(
      { variable: file.shellEnvVarName, value, btwalletVariable: file.envVarName },
      `export ${file.shellEnvVarName}='${value}'`,
    );
    return 0;
  },
});
