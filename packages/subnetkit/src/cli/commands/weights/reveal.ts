/** `subnetkit weights reveal`: reveal this hotkey's pending (hash) commits whose window is open. */
import { defineCommand } from '../../command.js';
import { netuidOption, required } from '../../options.js';
import { SIGNER_OPTIONS } from './shared.js';

export default defineCommand({
  name: 'weights reveal',
  summary: "reveal this hotkey's pending (hash) commits whose window is open",
  description:
    'Reveals the commits kept in the pending-commit store for this hotkey and subnet once their window opens; ' +
    'a commit past its window is dropped from the store. Exit code 1 when a reveal failed (it is kept for a retry).',
  usage: '--netuid <n> [options]',
  options: SIGNER_OPTIONS.filter((o) => o.key !== 'mecid'),
  examples: ['subnetkit weights reveal --netuid 2 --uri //Bob --hotkey-uri //Bob//hot'],
  async run(ctx) {
    const netuid = required(ctx.settings.netuid as number | undefined, netuidOption);
    const commits = ctx.opt('commits');
    const { PendingCommitStore, revealPending } = await import('@subnetkit/metagraph');
    const { hotkeySignerOf, withClient } = await import('../../keys.js');
    const store = new PendingCommitStore(typeof commits === 'string' ? { path: commits } : {});
    const signer = await hotkeySignerOf(ctx);
    return withClient(ctx, async (client) => {
      const outcomes = await ctx.progress.step('reveal_weights', () =>
        revealPending(client, { netuid, signer, store }),
      );
      const failed = outcomes.some((o) => o.status === 'failed');
      if (ctx.json) {
        ctx.print(
          outcomes.map((o) => ({ ...o, error: 'error' in o ? String(o.error) : undefined })),
          '',
        );
        return failed ? 1 : 0;
      }
      if (outcomes.length === 0) console.log(`no pending commits for this hotkey on subnet ${netuid}`);
      for (const o of outcomes) {
        const h = o.commit.hash.slice(0, 12);
        if (o.status === 'revealed') console.log(`${h}… revealed at block ${o.blockNumber}`);
        if (o.status === 'waiting') console.log(`${h}… waiting: the window opens at block ${o.firstRevealBlock}`);
        if (o.status === 'dropped') console.log(`${h}… dropped: ${o.reason}`);
        if (o.status === 'failed')
          console.log(`${h}… failed (kept for a retry): ${String((o.error as Error)?.message ?? o.error)}`);
      }
      return failed ? 1 : 0;
    });
  },
});
