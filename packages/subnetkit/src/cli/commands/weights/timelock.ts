/**
 * `subnetkit weights timelock`: build a timelocked (CRv4) weights commit offline, to see what a validator would send
 * for a round.
 */
import { defineCommand } from '../../command.js';
import { UsageError } from '../../errors.js';
import { jsonOption } from '../../options.js';
import {
  hex,
  PUBLIC_KEY_OPTION,
  publicKeyOf,
  ROUND_OPTION,
  roundOption,
  UIDS_OPTION,
  uidList,
  VERSION_KEY_OPTION,
  versionKey,
  WEIGHTS_OPTION,
  weightList,
} from './shared.js';

export default defineCommand({
  name: 'weights timelock',
  summary: 'offline: print the timelocked commit bytes for weights and a drand round',
  description:
    'Prints the timelocked commit (hex) a validator would send for these weights and round, with the weights ' +
    'converted as the chain gets them (normalized, max-upscaled to u16).',
  usage: '--round <R> --hotkey <ss58> --uids <list> --weights <list> [options]',
  options: [
    ROUND_OPTION,
    { key: 'hotkey', flags: '--hotkey <ss58>', description: 'the hotkey that will send the commit' },
    UIDS_OPTION,
    WEIGHTS_OPTION,
    { ...VERSION_KEY_OPTION, description: 'version key (default 0)' },
    PUBLIC_KEY_OPTION,
    jsonOption,
  ],
  examples: [
    'subnetkit weights timelock --round 1000 --hotkey 5DtUJ9ytbeCMjovFieNwaxxqRP3DzT6iQPnZTyKmi3n6iXey --uids 1,2,3 --weights 0.2,0.3,0.5',
  ],
  async run(ctx) {
    const round = roundOption(ctx, true) as bigint;
    const hotkey = ctx.opt('hotkey');
    if (typeof hotkey !== 'string' || !hotkey)
      throw new UsageError('--hotkey <ss58> is required: the chain drops a commit whose hotkey is not the sender');
    const uids = uidList(ctx);
    const weights = weightList(ctx);
    const vk = versionKey(ctx) ?? '0';
    const { convertWeightsAndUidsForEmit, encryptWeightsCommit } = await import('@subnetkit/metagraph');
    const emit = convertWeightsAndUidsForEmit(uids, weights);
    const commit = encryptWeightsCommit({ hotkey, ...emit, versionKey: BigInt(vk) }, round, {
      publicKey: await publicKeyOf(ctx),
    });
    ctx.print(
      {
        round,
        hotkey,
        uids: emit.uids,
        values: emit.values,
        versionKey: vk,
        bytes: commit.length,
        commit: hex(commit),
      },
      hex(commit),
    );
    return 0;
  },
});
