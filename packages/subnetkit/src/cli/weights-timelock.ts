/**
 * `subnetkit weights timelock|untimelock`: build or open a timelocked (CRv4) weights commit offline. For "why was my
 * commit dropped?": the chain drops a commit it cannot reveal without an error, and these show what it would see.
 */
import { readFile } from 'node:fs/promises';
import {
  convertWeightsAndUidsForEmit,
  decryptWeightsCommit,
  encryptWeightsCommit,
  QUICKNET,
  TimelockError,
} from '@subnetkit/metagraph';
import { ChainUsageError, type Flags } from './chain/flags.js';
import { list, out } from './weights-args.js';

function hexBytes(text: string, what: string, length?: number): Uint8Array {
  const clean = text.trim().replace(/^0x/i, '');
  if (!/^([0-9a-f]{2})+$/i.test(clean)) throw new ChainUsageError(`${what} must be hex, got '${text.slice(0, 40)}'`);
  const bytes = Uint8Array.from(Buffer.from(clean, 'hex'));
  if (length !== undefined && bytes.length !== length) {
    throw new ChainUsageError(`${what} must be ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

function roundFlag(flags: Flags, required: boolean): bigint | undefined {
  const raw = flags.values.get('round');
  if (raw === undefined) {
    if (required) throw new ChainUsageError('--round is required (the drand round to encrypt to)');
    return undefined;
  }
  if (!/^\d+$/.test(raw) || BigInt(raw) < 1n || BigInt(raw) >= 1n << 64n) {
    throw new ChainUsageError(`--round must be a positive integer, got '${raw}'`);
  }
  return BigInt(raw);
}

const publicKeyOf = (flags: Flags) => {
  const raw = flags.values.get('public-key');
  return raw === undefined ? QUICKNET.publicKey : hexBytes(raw, '--public-key', 96);
};

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;

export async function timelockCommand(flags: Flags): Promise<number> {
  const round = roundFlag(flags, true) as bigint;
  const hotkey = flags.values.get('hotkey');
  if (!hotkey)
    throw new ChainUsageError('--hotkey <ss58> is required: the chain drops a commit whose hotkey is not the sender');
  const uids = list(flags, 'uids', (s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN));
  const weights = list(flags, 'weights', (s) => (s === '' ? Number.NaN : Number(s)));
  const vk = flags.values.get('version-key') ?? '0';
  if (!/^\d+$/.test(vk)) throw new ChainUsageError(`--version-key must be an integer, got '${vk}'`);
  const emit = convertWeightsAndUidsForEmit(uids, weights);
  const commit = encryptWeightsCommit({ hotkey, ...emit, versionKey: BigInt(vk) }, round, {
    publicKey: publicKeyOf(flags),
  });
  out(
    flags,
    { round, hotkey, uids: emit.uids, values: emit.values, versionKey: vk, bytes: commit.length, commit: hex(commit) },
    hex(commit),
  );
  return 0;
}

export async function untimelockCommand(flags: Flags): Promise<number> {
  const source = flags.positional[0];
  if (!source) throw new ChainUsageError('give the commit as hex or as a file holding the hex (or raw bytes)');
  const signature = flags.values.get('signature');
  if (!signature) throw new ChainUsageError("--signature <hex> is required: the drand round's 48-byte signature");
  const sig = hexBytes(signature, '--signature', 48);
  const commit = await commitBytes(source);
  const round = roundFlag(flags, false);
  try {
    const p = decryptWeightsCommit(
      commit,
      sig,
      round === undefined ? {} : { round, beacon: { publicKey: publicKeyOf(flags) } },
    );
    out(
      flags,
      { ok: true, hotkey: p.hotkey, uids: p.uids, values: p.values, versionKey: p.versionKey },
      `hotkey      ${p.hotkey}\nuids        [${p.uids.join(', ')}]\nvalues(u16) [${p.values.join(', ')}]\nversion key ${p.versionKey}`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof TimelockError)) throw err;
    out(
      flags,
      { ok: false, reason: err.reason, message: err.message },
      `the chain would drop this commit (${err.reason}): ${err.message}`,
    );
    return 1;
  }
}

/** A commit given inline as hex, or a file holding hex or the raw bytes. */
async function commitBytes(source: string): Promise<Uint8Array> {
  if (/^(0x)?([0-9a-f]{2})+$/i.test(source) && source.length > 64) return hexBytes(source, 'the commit');
  let data: Buffer;
  try {
    data = await readFile(source);
  } catch (cause) {
    throw new ChainUsageError(
      `'${source.slice(0, 60)}' is neither commit hex nor a readable file (${(cause as Error).message})`,
    );
  }
  const text = data.toString('latin1').trim();
  return /^(0x)?([0-9a-f]{2})+$/i.test(text) ? hexBytes(text, `the commit in ${source}`) : new Uint8Array(data);
}
