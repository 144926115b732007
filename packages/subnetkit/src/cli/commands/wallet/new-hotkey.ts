/** `subnetkit wallet new-hotkey`: another hotkey in an existing wallet. */
import { defineCommand } from '../../command.js';
import {
  N_WORDS_OPTION,
  NEW_KEY_OPTIONS,
  nWords,
  printCreated,
  WALLET_OPTIONS,
  walletOf,
  writeOptions,
} from './shared.js';

export default defineCommand({
  name: 'wallet new-hotkey',
  summary: 'new hotkey in an existing wallet',
  description: 'Writes a new hotkey (plaintext unless --use-password) under <wallet>/hotkeys/<hotkey>.',
  options: [...WALLET_OPTIONS, N_WORDS_OPTION, ...NEW_KEY_OPTIONS.filter((o) => o.key !== 'password')],
  examples: ['subnetkit wallet new-hotkey --wallet.name miner --wallet.hotkey second'],
  async run(ctx) {
    const wallet = await walletOf(ctx);
    const hotkey = await wallet.createHotkey({ ...writeOptions(ctx, 'hotkey'), nWords: await nWords(ctx) });
    printCreated(ctx, wallet, [{ kind: 'hotkey', file: wallet.hotkeyFile(), key: hotkey }]);
    return 0;
  },
});
