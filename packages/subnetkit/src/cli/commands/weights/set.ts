/**
 * `subnetkit weights set`: a validator's weights from the terminal, by the chain's rules. Subnets with commit-reveal
 * get a timelocked commit the chain reveals itself (CRv4 runtimes), or a hash commit kept in the pending-commit store
 * and revealed by `weights reveal` (or a running validator) in its window.
 */
import type { ChainClient } from '@subnetkit/chain';
import { defineCommand } from '../../command.js';
import { CliError } from '../../errors.js';
import { netuidOption, required } from '../../options.js';
import {
  SIGNER_OPTIONS,
  UIDS_OPTION,
  uidList,
  VERSION_KEY_OPTION,
  versionKey,
  WEIGHTS_OPTION,
  weightList,
} from './shared.js';

const RATE_LIMITS = new Set(['SettingWeightsTooFast', 'CommittingWeightsTooFast']);

/** A rate-limit refusal (checked here or by the chain) reworded with the blocks to go, read from the chain. */
async function explainRateLimit(err: unknown, client: ChainClient, netuid: number, hotkey: string, mecid: number) {
  const e = err as { rule?: unknown; code?: unknown };
  const name = typeof e.rule === 'string' ? e.rule : typeof e.code === 'string' ? e.code : '';
  if (!RATE_LIMITS.has(name)) return err;
  try {
    const { readWeightState } = await import('@subnetkit/metagraph');
    const s = await readWeightState(client, netuid, hotkey, { mechanismId: mecid });
    const until = s.lastUpdate + s.weightsRateLimit;
    const toGo = Math.max(1, until - s.block);
    return Object.assign(
      new CliError(
        name,
        `Weights were ${name === 'CommittingWeightsTooFast' ? 'committed' : 'set'} too recently on subnet ${netuid}: ` +
          `${toGo} block${toGo === 1 ? '' : 's'} to go (WeightsSetRateLimit is ${s.weightsRateLimit} blocks, last ` +
          `update at block ${s.lastUpdate}); run the command again at block ${until} or later.`,
        { cause: err },
      ),
      { blocksToGo: toGo },
    );
  } catch {
    return err;
  }
}

export default defineCommand({
  name: 'weights set',
  summary: "set (or commit, on commit-reveal subnets) the hotkey's weights",
  description:
    'Normalizes and max-upscales the weights to u16 (as the Python SDK), checks the chain’s rules first (rate ' +
    'limit, permit, min/max weights, version key…) and sends set_weights. When the subnet has commit-reveal on: a ' +
    'timelocked commit (CRv4) that the chain reveals by itself (--wait follows it to "revealed at block N" or ' +
    '"expired unrevealed"), or on older runtimes a hash commit (reveal it with `subnetkit weights reveal` once its ' +
    'window opens). The hotkey signs: --wallet.hotkey, or --uri/--hotkey-uri for development.',
  usage: '--netuid <n> --uids <list> --weights <list> [options]',
  options: [
    UIDS_OPTION,
    WEIGHTS_OPTION,
    VERSION_KEY_OPTION,
    { key: 'wait', flags: '--wait', description: 'with a timelocked commit: wait until the chain reveals it' },
    ...SIGNER_OPTIONS,
  ],
  examples: [
    'subnetkit weights set --netuid 2 --uids 0,1 --weights 0.3,0.7 --uri //Bob --hotkey-uri //Bob//hot',
    'subnetkit weights set --netuid 2 --uids 1,2 --weights 1,1 --wallet.name validator --chain test --wait',
  ],
  async run(ctx) {
    const netuid = required(ctx.settings.netuid as number | undefined, netuidOption);
    const mechanismId = (ctx.settings.mecid as number | undefined) ?? 0;
    const uids = uidList(ctx);
    const weights = weightList(ctx);
    const vk = versionKey(ctx);
    const commits = ctx.opt('commits');
    const wait = ctx.opt('wait') === true;
    const { PendingCommitStore, setWeights, waitForTimelockedReveal } = await import('@subnetkit/metagraph');
    const { hotkeySignerOf, withClient } = await import('../../keys.js');
    const store = new PendingCommitStore(typeof commits === 'string' ? { path: commits } : {});
    const signer = await hotkeySignerOf(ctx);
    return withClient(ctx, async (client) => {
      let r: Awaited<ReturnType<typeof setWeights>>;
      try {
        r = await ctx.progress.step('set_weights', () =>
          setWeights(client, {
            netuid,
            mechanismId,
            signer,
            uids,
            weights,
            store,
            ...(vk ? { versionKey: BigInt(vk) } : {}),
          }),
        );
      } catch (err) {
        throw await explainRateLimit(err, client, netuid, signer.address, mechanismId);
      }
      if (r.mode === 'set') {
        ctx.print(
          r,
          `weights set on subnet ${netuid} at block ${r.blockNumber}: uids [${r.uids}] values [${r.values}]`,
        );
        return 0;
      }
      if (r.mode === 'timelocked') {
        if (!ctx.json || !wait)
          ctx.print(
            r,
            `commit-reveal v4 is on: committed at block ${r.commitBlock} (tx ${r.txHash}), encrypted to drand round ` +
              `${r.revealRound}; the chain reveals it itself between blocks ${r.firstRevealBlock} and ${r.lastRevealBlock}` +
              (wait ? '' : ' (add --wait to follow it)'),
          );
        if (!wait) return 0;
        const status = await ctx.progress.step(`waiting for the reveal (until block ${r.lastRevealBlock})`, () =>
          waitForTimelockedReveal(client, { ...r, lastRevealBlock: r.lastRevealBlock }),
        );
        if (status.status === 'revealed') {
          ctx.print({ commit: r, reveal: status }, `revealed at block ${status.blockNumber}`);
          return 0;
        }
        ctx.print({ commit: r, reveal: status }, status.message);
        return 1;
      }
      const c = r.commit;
      ctx.print(
        r,
        `commit-reveal is on: committed ${c.hash} at block ${c.commitBlock}; reveal between blocks ` +
          `${c.firstRevealBlock} and ${c.lastRevealBlock} with 'subnetkit weights reveal --netuid ${netuid}' (saved in ${store.path})`,
      );
      return 0;
    });
  },
});
