/** `subnetkit wallet list`: every wallet under the path with its addresses (from the public files; no password). */
import { defineCommand } from '../../command.js';
import { jsonOption } from '../../options.js';
import { WALLET_OPTIONS, walletOf } from './shared.js';

export default defineCommand({
  name: 'wallet list',
  summary: 'all wallets under the path, with coldkey and hotkey addresses',
  description:
    'Lists every wallet under --wallet.path with its coldkey and hotkey addresses, read from the public files (no password).',
  options: [WALLET_OPTIONS[0]!, jsonOption],
  examples: ['subnetkit wallet list', 'subnetkit wallet list --wallet.path /tmp/wallets --json'],
  async run(ctx) {
    const { listWallets } = await import('@subnetkit/wallet');
    const root = (await walletOf(ctx)).root;
    const wallets = await listWallets(root);
    if (ctx.json) {
      ctx.print({ path: root, wallets }, '');
      return 0;
    }
    console.log(`Wallets in ${root}`);
    if (wallets.length === 0) console.log('  (none)');
    for (const w of wallets) {
      console.log(`  ${w.name}  ${w.coldkeypub ?? '(no coldkeypub.txt)'}`);
      for (const h of w.hotkeys) console.log(`    ${h.name}  ${h.address ?? '(address unknown: no pub file)'}`);
    }
    return 0;
  },
});
