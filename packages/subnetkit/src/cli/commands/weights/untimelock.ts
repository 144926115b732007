/**
 * `subnetkit weights untimelock`: open a timelocked weights commit as the chain does. For "why was my commit
 * dropped?": the chain drops a commit it cannot reveal without an error, and this shows what it would see.
 */
import { readFile } from 'node:fs/promises';
import { defineCommand } from '../../command.js';
import { UsageError } from '../../errors.js';
import { jsonOption } from '../../options.js';
import { hexBytes, PUBLIC_KEY_OPTION, publicKeyOf, ROUND_OPTION, roundOption } from './shared.js';

/** A commit given inline as hex, or a file holding hex or the raw bytes. */
async function commitBytes(source: string): Promise<Uint8Array> {
  if (/^(0x)?([0-9a-f]{2})+$/i.test(source) && source.length > 64) return hexBytes(source, 'the commit');
  let data: Buffer;
  try {
    data = await readFile(source);
  } catch (cause) {
    throw new UsageError(
      `'${source.slice(0, 60)}' is neither commit hex nor a readable file (${(cause as Error).message})`,
    );
  }
  const text = data.toString('latin1').trim();
  return /^(0x)?([0-9a-f]{2})+$/i.test(text) ? hexBytes(text, `the commit in ${source}`) : new Uint8Array(data);
}

export default defineCommand({
  name: 'weights untimelock',
  summary: 'offline: decrypt a timelocked commit, or say why the chain would drop it',
  description:
    'Decrypts a commit with the drand round’s signature as the chain does and prints the payload (hotkey, uids, ' +
    'u16 values, version key), or the reason the chain would drop it (framing, signature, u-check, aes-tag, ' +
    'payload); exit code 1 then.',
  arguments: [{ name: '<commit>', description: 'the commit as hex, or a file holding the hex (or the raw bytes)' }],
  usage: '<commit> --signature <hex> [options]',
  options: [
    { key: 'signature', flags: '--signature <hex>', description: "the drand round's 48-byte signature" },
    { ...ROUND_OPTION, description: 'the round, to check the signature against the beacon key' },
    PUBLIC_KEY_OPTION,
    jsonOption,
  ],
  examples: ['subnetkit weights untimelock commit.hex --signature b44679b9…e39 --round 1000'],
  async run(ctx) {
    const source = ctx.args[0] as string;
    const signature = ctx.opt('signature');
    if (typeof signature !== 'string')
      throw new UsageError("--signature <hex> is required: the drand round's 48-byte signature");
    const sig = hexBytes(signature, '--signature', 48);
    const commit = await commitBytes(source);
    const round = roundOption(ctx, false);
    const { decryptWeightsCommit, TimelockError } = await import('@subnetkit/metagraph');
    try {
      const p = decryptWeightsCommit(
        commit,
        sig,
        round === undefined ? {} : { round, beacon: { publicKey: await publicKeyOf(ctx) } },
      );
      ctx.print(
        { ok: true, hotkey: p.hotkey, uids: p.uids, values: p.values, versionKey: p.versionKey },
        `hotkey      ${p.hotkey}\nuids        [${p.uids.join(', ')}]\nvalues(u16) [${p.values.join(', ')}]\nversion key ${p.versionKey}`,
      );
      return 0;
    } catch (err) {
      if (!(err instanceof TimelockError)) throw err;
      ctx.print(
        { ok: false, reason: err.reason, message: err.message },
        `the chain would drop this commit (${err.reason}): ${err.message}`,
      );
      return 1;
    }
  },
});
