/** `subnetkit subnet register`: burned_register the hotkey on a subnet, paid by the coldkey. */
import { defineCommand } from '../../command.js';
import { netuidOption, required } from '../../options.js';
import { KEY_OPTIONS, KEYS_NOTE, withKeys } from './shared.js';

export default defineCommand({
  name: 'subnet register',
  summary: 'burned_register the hotkey on --netuid; prints the uid',
  description: `Sends burned_register, paying the burn from the coldkey. ${KEYS_NOTE}`,
  options: [netuidOption, ...KEY_OPTIONS],
  examples: [
    'subnetkit subnet register --netuid 2 --uri //Bob --hotkey-uri //Bob//hot',
    'subnetkit subnet register --netuid 2 --wallet.name miner --wallet.hotkey default --chain test',
  ],
  async run(ctx) {
    const netuid = required(ctx.settings.netuid as number | undefined, netuidOption);
    const { burnedRegister } = await import('@subnetkit/chain');
    const r = await withKeys(ctx, 'burned_register', (c, coldkey, hotkey) =>
      burnedRegister(c, { netuid, coldkey, hotkey }),
    );
    ctx.print(
      { netuid, uid: r.uid, hotkey: r.hotkey, block: r.blockNumber },
      `registered ${r.hotkey} on subnet ${netuid} as uid ${r.uid} (block ${r.blockNumber})`,
    );
    return 0;
  },
});
