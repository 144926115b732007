/** `subnetkit wallet create`: a new wallet, an encrypted coldkey and a plaintext hotkey (btcli's layout). */
import { defineCommand } from '../../command.js';
import {
  N_WORDS_OPTION,
  NEW_KEY_OPTIONS,
  nWords,
  PASSWORDS_NOTE,
  printCreated,
  WALLET_OPTIONS,
  walletOf,
  writeOptions,
} from './shared.js';

export default defineCommand({
  name: 'wallet create',
  summary: 'new coldkey (encrypted) and hotkey (plaintext) in a new wallet',
  description: `Creates a wallet btcli can read: ~/.bittensor/wallets/<name>/coldkey (NaCl-encrypted), coldkeypub.txt and hotkeys/<hotkey>. ${PASSWORDS_NOTE}`,
  options: [...WALLET_OPTIONS, N_WORDS_OPTION, ...NEW_KEY_OPTIONS],
  examples: [
    'subnetkit wallet create --wallet.name miner',
    'subnetkit wallet create --no-password --wallet.path /tmp/wallets --json',
  ],
  async run(ctx) {
    const wallet = await walletOf(ctx);
    const words = await nWords(ctx);
    const { coldkey, hotkey } = await wallet.create({
      coldkey: { ...writeOptions(ctx, 'coldkey'), nWords: words },
      hotkey: { ...writeOptions(ctx, 'hotkey'), nWords: words },
    });
    if (ctx.opt('password') === false) {
      console.error('note: the coldkey is stored unencrypted (--no-password); use this for development only');
    }
    printCreated(ctx, wallet, [
      { kind: 'coldkey', file: wallet.coldkeyFile, key: coldkey },
      { kind: 'hotkey', file: wallet.hotkeyFile(), key: hotkey },
    ]);
    return 0;
  },
});
