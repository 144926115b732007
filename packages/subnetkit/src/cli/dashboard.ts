/**
 * `subnetkit dashboard --netuid N [--endpoint …] [--port 8500] [--host 127.0.0.1]`: the live subnet page
 * (@subnetkit/dashboard) in the foreground until Ctrl-C / SIGTERM.
 */
import { ChainUsageError, type Flags, hotkeySignerOf, intFlag, netuidFlag, parseFlags } from './chain/flags.js';

const HELP = `usage: subnetkit dashboard --netuid <n> [--endpoint <url|local|test|finney>] [--port <n>] [--host <addr>]

  Serves a live page for one subnet: the metagraph as a sortable, filterable table; stake, incentive, emission,
  trust and dividends over blocks; the weights matrix as a heatmap; each axon's health (a signed ping, with its
  latency). The page updates itself on every block (server-sent events). Ctrl-C stops it.

  --endpoint   ws:// or wss:// URL, or local (ws://127.0.0.1:9944, the default; env SUBNETKIT_ENDPOINT), test, finney
  --port       port of the page (default 8500; 0 picks a free one)
  --host       interface to bind (default 127.0.0.1: this machine only)
  --uri <suri> / --wallet.name, --wallet.hotkey, --wallet.path
               sign the health pings with this hotkey (default: a throwaway key; axons that accept only
               registered hotkeys then answer 403, shown as "up, refused")

  The page's first line of output is
    DASHBOARD_READY http://127.0.0.1:8500/`;

export async function run(args: string[]): Promise<number> {
  let flags: Flags;
  let netuid: number;
  let port: number;
  try {
    flags = parseFlags(
      args,
      ['netuid', 'endpoint', 'port', 'host', 'uri', 'wallet-name', 'wallet-hotkey', 'wallet-path'],
      [],
    );
    if (flags.bools.has('help')) {
      console.log(HELP);
      return 0;
    }
    if (flags.positional.length > 0) throw new ChainUsageError(`unexpected argument '${flags.positional[0]}'`);
    netuid = netuidFlag(flags);
    port = intFlag(flags, 'port', { max: 65535 }) ?? 8500;
  } catch (err) {
    if (!(err instanceof ChainUsageError)) throw err;
    console.error(`subnetkit dashboard: ${err.message}\n\n${HELP}`);
    return 2;
  }
  const wantsKey = ['uri', 'wallet-name', 'wallet-hotkey', 'wallet-path'].some((k) => flags.values.has(k));
  const signer = wantsKey ? await hotkeySignerOf(flags) : undefined;
  const endpoint = flags.values.get('endpoint') ?? process.env.SUBNETKIT_ENDPOINT ?? 'local';

  let stop!: (signal: string) => void;
  const stopped = new Promise<string>((resolve) => {
    stop = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => stop(signal);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { startDashboard } = await import('@subnetkit/dashboard');
    const dash = await startDashboard({
      endpoint,
      netuid,
      port,
      host: flags.values.get('host') ?? '127.0.0.1',
      ...(signer ? { signer } : {}),
    });
    const mg = dash.state().metagraph;
    console.log(`DASHBOARD_READY ${dash.url}`);
    console.log(`dashboard: subnet ${netuid} on ${endpoint}: ${mg?.n ?? 0} neurons at block #${mg?.block ?? '?'}`);
    console.log('dashboard: Ctrl-C to stop');
    const signal = await stopped;
    console.log(`dashboard: ${signal} received, stopping`);
    await dash.close();
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
