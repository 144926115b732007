/**
 * `subnetkit weights set|reveal`: a validator's weights from the terminal. Commit-reveal subnets get a commit that
 * is kept in the pending-commit store and revealed by `weights reveal` (or a running validator) in its window.
 */
import { PendingCommitStore, revealPending, setWeights } from '@subnetkit/metagraph';
import {
  ChainUsageError,
  type Flags,
  hotkeySignerOf,
  KEY_HELP,
  netuidFlag,
  parseFlags,
  WALLET_FLAGS,
  withClient,
} from './chain/flags.js';

const HELP = `usage: subnetkit weights <command> [flags]

commands:
  set      --netuid <n> --uids 1,2,3 --weights 0.1,0.3,0.6 [--version-key <n>]
           Normalizes and max-upscales the weights to u16 (as the Python SDK), checks the chain's rules first
           (rate limit, permit, min/max weights, version key...) and sends set_weights, or a commit when the subnet
           has commit-reveal on (then reveal it with 'weights reveal' once its window opens).
  reveal   --netuid <n>: reveal this hotkey's pending commits whose window is open

flags:
  --endpoint <url>       ws:// or wss:// URL, or local (default; env SUBNETKIT_ENDPOINT), test, finney
  --commits <file>       pending-commit store (default ~/.subnetkit/pending-commits.json; env SUBNETKIT_HOME)
  --json                 machine-readable output
${KEY_HELP}
  The hotkey signs weights: --wallet.hotkey, or --uri/--hotkey-uri for development.`;

function list(flags: Flags, name: string, parse: (s: string) => number): number[] {
  const raw = flags.values.get(name);
  if (raw === undefined) throw new ChainUsageError(`--${name} is required (comma-separated)`);
  return raw.split(',').map((part, i) => {
    const v = parse(part.trim());
    if (!Number.isFinite(v)) throw new ChainUsageError(`--${name} item ${i + 1} ('${part}') is not a number`);
    return v;
  });
}

const out = (flags: Flags, json: unknown, text: string) => {
  console.log(
    flags.bools.has('json') ? JSON.stringify(json, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) : text,
  );
};

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return command ? 0 : 1;
  }
  const flags = parseFlags(
    rest,
    ['netuid', 'uids', 'weights', 'version-key', 'endpoint', 'commits', ...WALLET_FLAGS],
    ['json'],
  );
  if (flags.bools.has('help')) {
    console.log(HELP);
    return 0;
  }
  const netuid = netuidFlag(flags);
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
