/** `subnetkit subnet create`: register_network, owned by the coldkey, with the hotkey as owner hotkey. */
import { defineCommand } from '../../command.js';
import { KEY_OPTIONS, KEYS_NOTE, withKeys } from './shared.js';

export default defineCommand({
  name: 'subnet create',
  summary: 'register a new subnet owned by the coldkey; prints the netuid',
  description: `Sends register_network; the lock cost (1000 TAO on the localnet) is taken from the coldkey. ${KEYS_NOTE}`,
  options: KEY_OPTIONS,
  examples: ['subnetkit subnet create --uri //Alice --hotkey-uri //Alice//owner'],
  async run(ctx) {
    const { registerNetwork } = await import('@subnetkit/chain');
    const r = await withKeys(ctx, 'register_network', (c, coldkey, hotkey) => registerNetwork(c, { coldkey, hotkey }));
    ctx.print(
      { netuid: r.netuid, ownerHotkey: r.hotkey, block: r.blockNumber },
      `subnet ${r.netuid} created at block ${r.blockNumber} (owner hotkey ${r.hotkey}); run 'subnetkit subnet start --netuid ${r.netuid}' once start_call is allowed`,
    );
    return 0;
  },
});
