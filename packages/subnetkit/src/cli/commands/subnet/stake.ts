/** `subnetkit subnet stake`: add_stake from the coldkey to the hotkey on a subnet. */
import { defineCommand } from '../../command.js';
import { UsageError } from '../../errors.js';
import { netuidOption, required, taoToRao } from '../../options.js';
import { KEY_OPTIONS, KEYS_NOTE, withKeys } from './shared.js';

export default defineCommand({
  name: 'subnet stake',
  summary: 'add_stake --amount <TAO> from the coldkey to the hotkey on --netuid',
  description: `Sends add_stake. The subnet must be started first ('subnetkit subnet start'). ${KEYS_NOTE}`,
  options: [
    netuidOption,
    { key: 'amount', flags: '--amount <tao>', description: 'stake amount in TAO, e.g. 100 or 0.5' },
    ...KEY_OPTIONS,
  ],
  examples: ['subnetkit subnet stake --netuid 2 --amount 1000 --uri //Bob --hotkey-uri //Bob//hot'],
  async run(ctx) {
    const netuid = required(ctx.settings.netuid as number | undefined, netuidOption);
    const text = ctx.opt('amount');
    if (typeof text !== 'string') throw new UsageError('--amount <tao> is required');
    const amount = taoToRao(text, '--amount');
    const { addStake } = await import('@subnetkit/chain');
    const r = await withKeys(ctx, 'add_stake', (c, coldkey, hotkey) =>
      addStake(c, { netuid, coldkey, hotkey, amount }),
    );
    ctx.print(
      { netuid, hotkey: r.hotkey, amountRao: amount, block: r.blockNumber },
      `staked ${text} TAO to ${r.hotkey} on subnet ${netuid} (block ${r.blockNumber})`,
    );
    return 0;
  },
});
