/** `subnetkit subnet start`: start_call, so a new subnet starts emitting (owner coldkey). */
import { defineCommand } from '../../command.js';
import { netuidOption, required } from '../../options.js';
import { KEY_OPTIONS, KEYS_NOTE, withKeys } from './shared.js';

export default defineCommand({
  name: 'subnet start',
  summary: 'start_call: let a new subnet start emitting (owner coldkey)',
  description: `Sends start_call, allowed some blocks after the subnet was created. ${KEYS_NOTE}`,
  options: [netuidOption, ...KEY_OPTIONS],
  examples: ['subnetkit subnet start --netuid 2 --uri //Alice'],
  async run(ctx) {
    const netuid = required(ctx.settings.netuid as number | undefined, netuidOption);
    const { startCall } = await import('@subnetkit/chain');
    const r = await withKeys(ctx, 'start_call', (c, owner) => startCall(c, { netuid, owner }));
    ctx.print({ netuid, block: r.blockNumber }, `subnet ${netuid} started at block ${r.blockNumber}`);
    return 0;
  },
});
