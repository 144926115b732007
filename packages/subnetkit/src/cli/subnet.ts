/**
 * `subnetkit subnet create|start|register|stake`: the subnet steps a terminal user takes, signed by the coldkey.
 */
import {
  addStake,
  burnedRegister,
  type ChainClient,
  registerNetwork,
  type SubmitResult,
  startCall,
} from '@subnetkit/chain';
import type { Keypair } from '@subnetkit/wallet';
import {
  ChainUsageError,
  coldkeyOf,
  type Flags,
  hotkeyAddressOf,
  KEY_HELP,
  netuidFlag,
  parseFlags,
  taoToRao,
  WALLET_FLAGS,
  withClient,
} from './chain/flags.js';

const HELP = `usage: subnetkit subnet <command> [flags]

commands:
  create     register a new subnet (register_network) owned by the coldkey, with the hotkey as owner hotkey;
             prints the netuid. The lock cost (1000 TAO on the localnet) is taken from the coldkey.
  start      start_call: let a new subnet start emitting (allowed some blocks after creation; owner coldkey)
  register   burned_register the hotkey on --netuid, paying the burn from the coldkey; prints the uid
  stake      add_stake --amount <TAO> from the coldkey to the hotkey on --netuid

flags:
  --netuid <n>           the subnet (register, stake, start)
  --amount <tao>         stake amount in TAO, e.g. 100 or 0.5 (stake)
  --endpoint <url>       ws:// or wss:// URL, or local (default; env SUBNETKIT_ENDPOINT), test, finney
  --json                 machine-readable output
${KEY_HELP}

example (on the localnet):
  subnetkit subnet create --uri //Alice --hotkey-uri //Alice//owner
  subnetkit subnet register --netuid 2 --uri //Bob --hotkey-uri //Bob//hot
  subnetkit subnet stake --netuid 2 --amount 1000 --uri //Bob --hotkey-uri //Bob//hot`;

function report(flags: Flags, fields: Record<string, unknown>, text: string): number {
  if (flags.bools.has('json'))
    console.log(JSON.stringify(fields, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  else console.log(text);
  return 0;
}

/** Resolves the keys, connects, and runs one coldkey-signed action. */
async function withKeys<T extends SubmitResult>(
  flags: Flags,
  action: (client: ChainClient, coldkey: Keypair, hotkey: string) => Promise<T>,
): Promise<T & { hotkey: string }> {
  const hotkey = await hotkeyAddressOf(flags);
  const coldkey = await coldkeyOf(flags);
  return withClient(flags, async (client) => ({ ...(await action(client, coldkey, hotkey)), hotkey }));
}

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return command ? 0 : 1;
  }
  const flags = parseFlags(rest, ['netuid', 'amount', 'endpoint', ...WALLET_FLAGS], ['json']);
  if (flags.bools.has('help')) {
    console.log(HELP);
    return 0;
  }
  switch (command) {
    case 'create': {
      const r = await withKeys(flags, (c, coldkey, hotkey) => registerNetwork(c, { coldkey, hotkey }));
      return report(
        flags,
        { netuid: r.netuid, ownerHotkey: r.hotkey, block: r.blockNumber },
        `subnet ${r.netuid} created at block ${r.blockNumber} (owner hotkey ${r.hotkey}); run 'subnetkit subnet start --netuid ${r.netuid}' once start_call is allowed`,
      );
    }
    case 'start': {
      const netuid = netuidFlag(flags);
      const r = await withKeys(flags, (c, owner) => startCall(c, { netuid, owner }));
      return report(flags, { netuid, block: r.blockNumber }, `subnet ${netuid} started at block ${r.blockNumber}`);
    }
    case 'register': {
      const netuid = netuidFlag(flags);
      const r = await withKeys(flags, (c, coldkey, hotkey) => burnedRegister(c, { netuid, coldkey, hotkey }));
      return report(
        flags,
        { netuid, uid: r.uid, hotkey: r.hotkey, block: r.blockNumber },
        `registered ${r.hotkey} on subnet ${netuid} as uid ${r.uid} (block ${r.blockNumber})`,
      );
    }
    case 'stake': {
      const netuid = netuidFlag(flags);
      const text = flags.values.get('amount');
      if (text === undefined) throw new ChainUsageError('--amount <tao> is required');
      const amount = taoToRao(text, '--amount');
      const r = await withKeys(flags, (c, coldkey, hotkey) => addStake(c, { netuid, coldkey, hotkey, amount }));
      return report(
        flags,
        { netuid, hotkey: r.hotkey, amountRao: amount, block: r.blockNumber },
        `staked ${text} TAO to ${r.hotkey} on subnet ${netuid} (block ${r.blockNumber})`,
      );
    }
    default:
      throw new ChainUsageError(`unknown subnet command '${command}'\n\n${HELP}`);
  }
}
