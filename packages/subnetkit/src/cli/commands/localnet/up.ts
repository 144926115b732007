/**
 * `subnetkit localnet up`: the embedded subtensor localnet served over WebSocket in the foreground, so miners,
 * validators and other terminals share one chain. Ctrl-C (SIGINT) or SIGTERM stops it cleanly.
 */
import { defineCommand } from '../../command.js';
import { UsageError } from '../../errors.js';
import { intOption, jsonOption } from '../../options.js';

export default defineCommand({
  name: 'localnet up',
  summary: 'run the embedded subtensor localnet and serve it on a WebSocket',
  description:
    'Runs the real subtensor runtime in this process and serves it on a WebSocket. Three modes: (default) the ' +
    'pinned dev chain spec (runtime 293: 1 s blocks, tempo 10, //Alice is sudo); --runtime-from <ws-url>: a live ' +
    "node's current runtime on a fresh dev genesis; --fork <ws-url>[@block]: a fork of a live chain (its real state, " +
    'read lazily; blocks are built here only, //Alice is made sudo). On start the network rate limit is set to 0 so ' +
    'subnets can be created right away. The last line before serving is `LOCALNET_READY ws://127.0.0.1:9944` (with ' +
    '--json: `{"ready":"ws://…"}`). The chain spec is found in this order: --chain-spec, SUBNETKIT_CHAIN_SPEC, the ' +
    'repository search path, ~/.cache/subnetkit/chain, then a download checked by sha256 (SUBNETKIT_CHAIN_SPEC_URL ' +
    'or the pinned URL; SUBNETKIT_OFFLINE=1 never downloads).',
  options: [
    { key: 'port', flags: '--port <n>', description: 'port to listen on (default 9944; 0 picks a free one)' },
    { key: 'host', flags: '--host <addr>', description: 'interface to bind (default 127.0.0.1)' },
    {
      key: 'tempo',
      flags: '--tempo <n>',
      description: "tempo for subnets that exist at start (default: the runtime's, 10)",
    },
    {
      key: 'blockTime',
      flags: '--block-time <ms>',
      description: 'also build a block after this long without one (default 2000; 0 = only per transaction)',
    },
    { key: 'chainSpec', flags: '--chain-spec <path>', description: 'chain spec file' },
    {
      key: 'chainSpecSha256',
      flags: '--chain-spec-sha256 <hex>',
      description: 'expected sha256 of your own spec (default: the pinned spec-293 hash)',
    },
    {
      key: 'runtimeFrom',
      flags: '--runtime-from <ws-url>',
      description: "run this node's runtime (:code at its finalized head); the genesis is cached by code hash",
    },
    {
      key: 'fork',
      flags: '--fork <ws-url[@block]>',
      description: 'fork this chain at a block number or hash (default: its finalized head); never written to',
    },
    jsonOption,
  ],
  examples: [
    'subnetkit localnet up',
    'subnetkit localnet up --port 0 --tempo 20 --block-time 0',
    'subnetkit localnet up --fork wss://entrypoint-finney.opentensor.ai:443',
  ],
  async run(ctx) {
    const text = (key: string) => {
      const v = ctx.opt(key);
      return typeof v === 'string' ? v : undefined;
    };
    const port = intOption(ctx.opt('port'), '--port', { max: 65535 }) ?? 9944;
    const tempo = intOption(ctx.opt('tempo'), '--tempo', { min: 1, max: 65535 });
    const blockTime = intOption(ctx.opt('blockTime'), '--block-time', { max: 3_600_000 }) ?? 2000;
    const modes = (['chainSpec', 'runtimeFrom', 'fork'] as const).filter((k) => text(k) !== undefined);
    if (modes.length > 1) {
      const flag = { chainSpec: '--chain-spec', runtimeFrom: '--runtime-from', fork: '--fork' };
      throw new UsageError(`${modes.map((m) => flag[m]).join(' and ')} cannot be combined`);
    }

    // Stop signals are caught from the very start, so Ctrl-C during start-up also shuts down cleanly.
    let stop!: (signal: string) => void;
    const stopped = new Promise<string>((resolve) => {
      stop = resolve;
    });
    const onSignal = (signal: NodeJS.Signals) => stop(signal);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    // With --json, stdout carries only the ready line; the log goes to stderr.
    const say = (line: string) => (ctx.json ? console.error : console.log)(`localnet: ${line}`);

    const [{ formatDownloadProgress, startLocalnet, setNetworkRateLimit }, { getNetuids }] = await Promise.all([
      import('@subnetkit/localnet'),
      import('@subnetkit/chain'),
    ]);
    let net: Awaited<ReturnType<typeof startLocalnet>> | undefined;
    try {
      const chainSpec = text('chainSpec');
      const sha256 = text('chainSpecSha256');
      const runtimeFrom = text('runtimeFrom');
      const fork = text('fork');
      const starting = startLocalnet({
        ...(chainSpec ? { chainSpec } : {}),
        ...(sha256 ? { sha256 } : {}),
        ...(runtimeFrom ? { runtimeFrom } : {}),
        ...(fork ? { fork } : {}),
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
      if (tempo !== undefined) {
        const netuids = (await getNetuids(client)).filter((n) => n !== 0);
        for (const netuid of netuids) await net.setHyperparams(netuid, { tempo });
        say(`tempo ${tempo} set on subnet(s) ${netuids.join(', ') || '(none)'}`);
      }
      say(`dev defaults applied (network rate limit 0; sudo key //Alice), head #${net.head().number}`);
      net.setIdleBlockTime(blockTime);
      say(blockTime > 0 ? `a block every ${blockTime} ms when idle` : 'blocks only per transaction');
      const server = await net.serve({ host: text('host') ?? '127.0.0.1', port });
      say(`ws listening on ${server.url}`);
      console.log(ctx.json ? JSON.stringify({ ready: server.url }) : `LOCALNET_READY ${server.url}`);
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
  },
});
