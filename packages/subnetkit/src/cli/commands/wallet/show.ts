/** `subnetkit wallet show`: the selected wallet's addresses, files and encryption. */
import type { Keyfile, Keypair } from '@subnetkit/wallet';
import { defineCommand } from '../../command.js';
import { CliError } from '../../errors.js';
import { jsonOption } from '../../options.js';
import { WALLET_OPTIONS, walletOf } from './shared.js';

async function describeKey(file: Keyfile, read: () => Promise<Keypair>) {
  const exists = await file.exists();
  let address: string | undefined;
  let error: string | undefined;
  try {
    address = (await read()).address;
  } catch (err) {
    const e = err as Error & { code?: string };
    error = e.code ? `${e.code}: ${e.message}` : e.message;
  }
  return {
    file: file.path,
    exists,
    encryption: exists ? ((await file.encryption()) ?? 'none') : null,
    ...(address ? { address } : {}),
    ...(error && exists ? { error } : {}),
    passwordEnv: file.shellEnvVarName,
  };
}

export default defineCommand({
  name: 'wallet show',
  summary: 'the selected wallet: addresses, files, encryption',
  options: [...WALLET_OPTIONS, jsonOption],
  examples: ['subnetkit wallet show --wallet.name miner --wallet.hotkey default --json'],
  async run(ctx) {
    const wallet = await walletOf(ctx);
    const coldkey = await describeKey(wallet.coldkeyFile, () => wallet.getColdkeypub());
    const hotkey = await describeKey(wallet.hotkeyFile(), () => wallet.getHotkeypub());
    if (!coldkey.exists && !(await wallet.coldkeypubFile.exists()) && !hotkey.exists) {
      throw new CliError(
        'CLI_NO_WALLET',
        `No wallet '${wallet.name}' in ${wallet.root}: create one with 'subnetkit wallet create --wallet.name ${wallet.name} --wallet.path ${wallet.root}'.`,
      );
    }
    const hotkeys = await wallet.hotkeyNames();
    ctx.print(
      { name: wallet.name, path: wallet.root, coldkey, hotkey: { name: wallet.hotkeyName, ...hotkey }, hotkeys },
      [
        `wallet   ${wallet.name}  (${wallet.dir})`,
        `coldkey  ${coldkey.address ?? '(unknown)'}  [${coldkey.encryption ?? 'missing'}]`,
        `hotkey   ${wallet.hotkeyName}  ${hotkey.address ?? '(unknown)'}  [${hotkey.encryption ?? 'missing'}]`,
        `hotkeys  ${hotkeys.join(', ') || '(none)'}`,
      ].join('\n'),
    );
    return 0;
  },
});
