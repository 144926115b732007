/**
 * `subnetkit localnet up`: the embedded subtensor localnet served over WebSocket in the foreground, so miners,
 * validators and other terminals share one chain. Ctrl-C (SIGINT) or SIGTERM stops it cleanly.
 */
import { parseArgs } from 'node:util';

const HELP = `usage: subnetkit localnet up [flags]

Runs the real subtensor runtime in this process and serves it on a WebSocket. Three modes:
  (default)                the pinned dev chain spec (runtime 293: 1 s blocks, tempo 10, //Alice is sudo)
  --runtime-from <ws-url>  a live node's current runtime on a fresh dev genesis (dev accounts, //Alice is sudo)
  --fork <ws-url>[@block]  a fork of a live chain: its real state, read lazily; blocks are built here only

flags:
  --port <n>            port to listen on (default 9944; 0 picks a free one)
  --host <addr>         interface to bind (default 127.0.0.1)
  --tempo <n>           tempo for subnets that exist at start (default: the runtime's, 10)
  --block-time <ms>     also build a block after this long without one (default 2000; 0 = only per transaction)
  --chain-spec <path>   chain spec file (else SUBNETKIT_CHAIN_SPEC, the repository search path, ~/.cache/subnetkit/chain,
                        then a download checked by sha256: SUBNETKIT_CHAIN_SPEC_URL or the pinned URL; SUBNETKIT_OFFLINE=1
                        never downloads)
  --chain-spec-sha256 <hex>  expected sha256 of your own spec (default: the pinned spec-293 hash)
  --runtime-from <ws-url>    run this node's runtime (:code at its finalized head); the genesis is cached by code hash
  --fork <ws-url>[@block]    fork this chain at a block number or hash (default: its finalized head); //Alice is made
                             sudo on the fork so dev controls work; the source chain is never written to

On start the network rate limit is set to 0 so subnets can be created right away. The last line before serving is
  LOCALNET_READY ws://127.0.0.1:9944`;

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return command ? 0 : 1;
  }
  if (command !== 'up') {
    console.error(`subnetkit localnet: unknown command '${command}'\n\n${HELP}`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        tempo: { type: 'string' },
        'block-time': { type: 'string' },
        'chain-spec': { type: 'string' },
        'chain-spec-sha256': { type: 'string' },
        'runtime-from': { type: 'string' },
        fork: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`subnetkit localnet up: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = intFlag(values.port, 'port', 9944, 0, 65535);
  const tempo = values.tempo === undefined ? undefined : intFlag(values.tempo, 'tempo', 10, 1, 65535);
  const blockTime = intFlag(values['block-time'], 'block-time', 2000, 0, 3_600_000);
  if (port === undefined || blockTime === undefined || (values.tempo !== undefined && tempo === undefined)) return 2;
  const modes = ['chain-spec', 'runtime-from', 'fork'].filter((f) => values[f] !== undefined);
  if (modes.length > 1) {
    console.error(`subnetkit localnet up: --${modes.join(' and --')} cannot be combined`);
    return 2;
  }
  return up({
    port,
    host: (values.host as string | undefined) ?? '127.0.0.1',
    tempo,
    blockTime,
    chainSpec: values['chain-spec'] as string | undefined,
    sha256: values['chain-spec-sha256'] as string | undefined,
    runtimeFrom: values['runtime-from'] as string | undefined,
    fork: values.fork as string | undefined,
  });
}

function intFlag(raw: unknown, name: string, dflt: number, min: number, max: number): number | undefined {
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!/^\d+$/.test(String(raw)) || n < min || n > max) {
    console.error(`subnetkit localnet up: --${name} must be an integer ${min}..${max}, got '${String(raw)}'`);
    return undefined;
  }
  return n;
}

interface UpOptions {
  port: number;
  host: string;
  tempo: number | undefined;
  blockTime: number;
  chainSpec: string | undefined;
  sha256: string | undefined;
  runtimeFrom: string | undefined;
  fork: string | undefined;
}

async function up(opts: UpOptions): Promise<number> {
  // Stop signals are caught from the very start, so Ctrl-C during start-up also shuts down cleanly.
  let stop!: (signal: string) => void;
  const stopped = new Promise<string>((resolve) => {
    stop = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => stop(signal);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const say = (line: string) => console.log(`localnet: ${line}`);

  const { formatDownloadProgress, getNetuids, setNetworkRateLimit, startLocalnet } = await loadModules();
  let net: Awaited<ReturnType<typeof startLocalnet>> | undefined;
  try {
    const starting = startLocalnet({
      ...(opts.chainSpec ? { chainSpec: opts.chainSpec } : {}),
      ...(opts.sha256 ? { sha256: opts.sha256 } : {}),
      ...(opts.runtimeFrom ? { runtimeFrom: opts.runtimeFrom } : {}),
      ...(opts.fork ? { fork: opts.fork } : {}),
      onDownloadProgress: (p) => say(`chain spec from ${p.url}: ${formatDownloadProgress(p)}`),
      onProgress: (e) => {
        if (e.step === 'spec') say(`chain spec found at ${e.path} (${e.source}, sha256 ${e.sha256.slice(0, 12)}…)`);
        else if (e.step === 'remote')
          say(
            `runtime ${e.specName} ${e.specVersion} fetched from ${e.endpoint} in ${e.ms} ms (block ${e.blockHash.slice(0, 12)}…, code sha256 ${e.codeSha256.slice(0, 12)}…)`,
          );
        else if (e.step === 'fork') say(`forked ${e.endpoint} at block #${e.block} (${e.blockHash}) in ${e.ms} ms`);
        else if (e.step === 'genesis') {
          const how =
            e.origin === 'built' ? 'built' : e.origin === 'cached' ? 'loaded from cache' : 'taken from raw spec';
          say(`genesis ${how} in ${e.ms} ms${e.cachePath ? ` (${e.cachePath})` : ''}`);
        } else
          say(
            `runtime ${e.specName} ${e.specVersion} started in ${e.ms} ms (slot ${e.slotDurationMs} ms, block #${e.block})`,
          );
      },
    });
    const first = await Promise.race([starting, stopped]);
    if (typeof first === 'string') {
      // Interrupted while starting: let the start finish, then close it.
      await starting.then((n) => n.close()).catch(() => undefined);
      return 0;
    }
    net = first;
    const client = await net.client();
    await setNetworkRateLimit(client, 0);
    if (opts.tempo !== undefined) {
      const netuids = (await getNetuids(client)).filter((n) => n !== 0);
      for (const netuid of netuids) await net.setHyperparams(netuid, { tempo: opts.tempo });
      say(`tempo ${opts.tempo} set on subnet(s) ${netuids.join(', ') || '(none)'}`);
    }
    say(`dev defaults applied (network rate limit 0; sudo key //Alice), head #${net.head().number}`);
    net.setIdleBlockTime(opts.blockTime);
    say(opts.blockTime > 0 ? `a block every ${opts.blockTime} ms when idle` : 'blocks only per transaction');
    const server = await net.serve({ host: opts.host, port: opts.port });
    say(`ws listening on ${server.url}`);
    console.log(`LOCALNET_READY ${server.url}`);
    const signal = await stopped;
    say(`${signal} received, stopping`);
    await net.close();
    net = undefined;
    say('stopped');
    return 0;
  } finally {
    await net?.close().catch(() => undefined);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

async function loadModules() {
  const [{ formatDownloadProgress, startLocalnet, setNetworkRateLimit }, { getNetuids }] = await Promise.all([
    import('@subnetkit/localnet'),
    import('@subnetkit/chain'),
  ]);
  return { formatDownloadProgress, getNetuids, setNetworkRateLimit, startLocalnet };
}
