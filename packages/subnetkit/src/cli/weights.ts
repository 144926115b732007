/**
 * `subnetkit weights set|reveal|timelock|untimelock`: a validator's weights from the terminal. Subnets with
 * commit-reveal get a timelocked commit the chain reveals itself (CRv4 runtimes), or a hash commit that is kept in
 * the pending-commit store and revealed by `weights reveal` (or a running validator) in its window.
 * `timelock`/`untimelock` work offline, to see what a timelocked commit holds and why the chain would drop it.
 */
import { PendingCommitStore, revealPending, setWeights, waitForTimelockedReveal } from '@subnetkit/metagraph';
import {
  ChainUsageError,
  hotkeySignerOf,
  intFlag,
  KEY_HELP,
  netuidFlag,
  parseFlags,
  WALLET_FLAGS,
  withClient,
} from './chain/flags.js';
import { list, out } from './weights-args.js';
import { timelockCommand, untimelockCommand } from './weights-timelock.js';

const HELP = `usage: subnetkit weights <command> [flags]

commands:
  set      --netuid <n> --uids 1,2,3 --weights 0.1,0.3,0.6 [--version-key <n>] [--mecid <m>] [--wait]
           Normalizes and max-upscales the weights to u16 (as the Python SDK), checks the chain's rules first
           (rate limit, permit, min/max weights, version key...) and sends set_weights. When the subnet has
           commit-reveal on: a timelocked commit (CRv4) that the chain reveals by itself (--wait follows it to
           "revealed at block N" or "expired unrevealed"), or on older runtimes a hash commit (then reveal it with
           'weights reveal' once its window opens).
  reveal   --netuid <n>: reveal this hotkey's pending (hash) commits whose window is open
  timelock --round <R> --hotkey <ss58> --uids 1,2,3 --weights 0.2,0.3,0.5 [--version-key <n>] [--public-key <hex>]
           Offline: prints the timelocked commit bytes (hex) that would be sent for these weights and round.
  untimelock <hex | file> --signature <round signature hex> [--round <R>] [--public-key <hex>]
           Offline: decrypts a commit as the chain does and prints the payload (hotkey, uids, u16 values, version
           key), or the reason the chain would drop it (framing, signature, u-check, aes-tag, payload).

flags:
  --endpoint <url>       ws:// or wss:// URL, or local (default; env SUBNETKIT_ENDPOINT), test, finney
  --commits <file>       pending-commit store (default ~/.subnetkit/pending-commits.json; env SUBNETKIT_HOME)
  --mecid <m>            mechanism (sub-subnet) id, default 0
  --json                 machine-readable output
${KEY_HELP}
  The hotkey signs weights: --wallet.hotkey, or --uri/--hotkey-uri for development.`;

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return command ? 0 : 1;
  }
  const flags = parseFlags(
    rest,
    [
      'netuid',
      'uids',
      'weights',
      'version-key',
      'endpoint',
      'commits',
      'mecid',
      'round',
      'signature',
      'public-key',
      ...WALLET_FLAGS,
    ],
    ['json', 'wait'],
  );
  if (flags.bools.has('help')) {
    console.log(HELP);
    return 0;
  }
  if (command === 'timelock') return timelockCommand(flags);
  if (command === 'untimelock') return untimelockCommand(flags);
  const netuid = netuidFlag(flags);
  const mechanismId = intFlag(flags, 'mecid', { max: 255 }) ?? 0;
  const commits = flags.values.get('commits');
  const store = new PendingCommitStore(commits ? { path: commits } : {});
  if (command === 'set') {
    const uids = list(flags, 'uids', (s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN));
    const weights = list(flags, 'weights', (s) => (s === '' ? Number.NaN : Number(s)));
    const vk = flags.values.get('version-key');
    if (vk !== undefined && !/^\d+$/.test(vk))
      throw new ChainUsageError(`--version-key must be an integer, got '${vk}'`);
    const signer = await hotkeySignerOf(flags);
    return withClient(flags, async (client) => {
      const r = await setWeights(client, {
        netuid,
        mechanismId,
        signer,
        uids,
        weights,
        store,
        ...(vk ? { versionKey: BigInt(vk) } : {}),
      });
      if (r.mode === 'set') {
        out(
          flags,
          r,
          `weights set on subnet ${netuid} at block ${r.blockNumber}: uids [${r.uids}] values [${r.values}]`,
        );
      } else if (r.mode === 'timelocked') {
        out(
          flags,
          r,
          `commit-reveal v4 is on: committed at block ${r.commitBlock} (tx ${r.txHash}), encrypted to drand round ` +
            `${r.revealRound}; the chain reveals it itself between blocks ${r.firstRevealBlock} and ${r.lastRevealBlock}` +
            (flags.bools.has('wait') ? '' : ' (add --wait to follow it)'),
        );
        if (!flags.bools.has('wait')) return 0;
        const status = await waitForTimelockedReveal(client, { ...r, lastRevealBlock: r.lastRevealBlock });
        if (status.status === 'revealed') {
          out(flags, status, `revealed at block ${status.blockNumber}`);
          return 0;
        }
        out(flags, status, status.message);
        return 1;
      } else {
        const c = r.commit;
        out(
          flags,
          r,
          `commit-reveal is on: committed ${c.hash} at block ${c.commitBlock}; reveal between blocks ` +
            `${c.firstRevealBlock} and ${c.lastRevealBlock} with 'subnetkit weights reveal --netuid ${netuid}' (saved in ${store.path})`,
        );
      }
      return 0;
    });
  }
  if (command === 'reveal') {
    const signer = await hotkeySignerOf(flags);
    return withClient(flags, async (client) => {
      const outcomes = await revealPending(client, { netuid, signer, store });
      if (flags.bools.has('json')) {
        out(
          flags,
          outcomes.map((o) => ({ ...o, error: 'error' in o ? String(o.error) : undefined })),
          '',
        );
        return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
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
      return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
    });
  }
  throw new ChainUsageError(`unknown weights command '${command}'\n\n${HELP}`);
}
