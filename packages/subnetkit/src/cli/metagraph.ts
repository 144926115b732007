/**
 * `subnetkit metagraph --netuid N [--endpoint ws://…|local|test|finney] [--json] [--full] [--block B]`: a subnet's
 * neurons as a table (or JSON).
 */
import { chainSource, Metagraph } from '@subnetkit/metagraph';
import { ChainUsageError, intFlag, netuidFlag, parseFlags, withClient } from './chain/flags.js';

const HELP = `usage: subnetkit metagraph --netuid <n> [--endpoint <url|local|test|finney>] [--json] [--full] [--block <n>]

  Reads a subnet's metagraph (NeuronInfoRuntimeApi) and prints one row per uid: stake, rank, trust, consensus,
  incentive, dividends, validator trust, emission (units of 1e9 rao), permit, activity, blocks since the last
  weight update, and the axon.

  --endpoint   ws:// or wss:// URL, or local (ws://127.0.0.1:9944, the default; env SUBNETKIT_ENDPOINT), test, finney
  --json       the whole metagraph as JSON (amounts in rao as strings)
  --full       also read weights and bonds (slower; shown in --json)
  --block      read the state at this block instead of the best block`;

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(args, ['netuid', 'endpoint', 'block'], ['json', 'full']);
  if (flags.bools.has('help')) {
    console.log(HELP);
    return 0;
  }
  if (flags.positional.length > 0) throw new ChainUsageError(`unexpected argument '${flags.positional[0]}'\n\n${HELP}`);
  const netuid = netuidFlag(flags);
  const block = intFlag(flags, 'block');
  return withClient(flags, async (client) => {
    const mg = await new Metagraph(netuid, chainSource(client)).sync({ lite: !flags.bools.has('full'), block });
    if (flags.bools.has('json')) console.log(JSON.stringify(mg.toJSON(), null, 2));
    else console.log(mg.toTable());
    return 0;
  });
}
