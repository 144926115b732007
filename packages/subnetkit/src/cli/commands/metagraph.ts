/** `subnetkit metagraph`: a subnet's neurons as a table, or JSON. */
import { defineCommand } from '../command.js';
import { chainOption, intOption, jsonOption, netuidOption, required } from '../options.js';

export default defineCommand({
  name: 'metagraph',
  summary: "a subnet's neurons as a table or JSON",
  description:
    "Reads a subnet's metagraph (NeuronInfoRuntimeApi) and prints one row per uid: stake, rank, trust, consensus, " +
    'incentive, dividends, validator trust, emission (units of 1e9 rao), permit, activity, blocks since the last ' +
    'weight update, and the axon. With --json: the whole metagraph (amounts in rao as strings).',
  usage: '--netuid <n> [options]',
  options: [
    netuidOption,
    chainOption,
    { key: 'full', flags: '--full', description: 'also read weights and bonds (slower; shown in --json)' },
    { key: 'block', flags: '--block <n>', description: 'read the state at this block instead of the best block' },
    jsonOption,
  ],
  examples: [
    'subnetkit metagraph --netuid 2',
    'subnetkit metagraph --netuid 2 --chain ws://127.0.0.1:9944 --json --full',
  ],
  async run(ctx) {
    const netuid = required(ctx.settings.netuid as number | undefined, netuidOption);
    const block = intOption(ctx.opt('block'), '--block');
    const { chainSource, Metagraph } = await import('@subnetkit/metagraph');
    const { withClient } = await import('../keys.js');
    return withClient(ctx, async (client) => {
      const mg = await ctx.progress.step(`reading subnet ${netuid}`, () =>
        new Metagraph(netuid, chainSource(client)).sync({ lite: ctx.opt('full') !== true, block }),
      );
      ctx.print(mg.toJSON(), mg.toTable());
      return 0;
    });
  },
});
