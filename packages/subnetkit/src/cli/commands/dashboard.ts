/** `subnetkit dashboard`: the live subnet page (@subnetkit/dashboard) in the foreground until Ctrl-C / SIGTERM. */
import { defineCommand } from '../command.js';
import { chainOption, intOption, jsonOption, netuidOption, required, uriOption, walletOptions } from '../options.js';

export default defineCommand({
  name: 'dashboard',
  summary: "a subnet's live web page (metagraph, charts, weights, axon health)",
  description:
    'Serves a live page for one subnet: the metagraph as a sortable, filterable table; stake, incentive, emission, ' +
    'trust and dividends over blocks; the weights matrix as a heatmap; each axon’s health (a signed ping, with its ' +
    'latency). The page updates itself on every block (server-sent events). Ctrl-C stops it. The first line of ' +
    'output is `DASHBOARD_READY http://127.0.0.1:8500/` (with --json: `{"ready":"http://…"}`). The health pings are ' +
    'signed by --uri or the --wallet.* hotkey when given, else by a throwaway key (axons that accept only registered ' +
    'hotkeys then answer 403, shown as "up, refused").',
  usage: '--netuid <n> [options]',
  options: [
    netuidOption,
    chainOption,
    { key: 'port', flags: '--port <n>', description: 'port of the page (default 8500; 0 picks a free one)' },
    { key: 'host', flags: '--host <addr>', description: 'interface to bind (default 127.0.0.1: this machine only)' },
    { ...uriOption, description: 'sign the health pings with this development key' },
    ...walletOptions,
    jsonOption,
  ],
  examples: ['subnetkit dashboard --netuid 2', 'subnetkit dashboard --netuid 2 --chain ws://127.0.0.1:9944 --port 0'],
  async run(ctx) {
    const netuid = required(ctx.settings.netuid as number | undefined, netuidOption);
    const port = intOption(ctx.opt('port'), '--port', { max: 65535 }) ?? 8500;
    const host = ctx.opt('host');
    const wantsKey =
      typeof ctx.opt('uri') === 'string' || ['walletName', 'walletHotkey', 'walletPath'].some((k) => ctx.opt(k));
    const { hotkeySignerOf } = await import('../keys.js');
    const signer = wantsKey ? await hotkeySignerOf(ctx) : undefined;
    const endpoint = (ctx.settings.endpoint as string | undefined) ?? 'local';
    ctx.endpoint = endpoint;

    let stop!: (signal: string) => void;
    const stopped = new Promise<string>((resolve) => {
      stop = resolve;
    });
    const onSignal = (signal: NodeJS.Signals) => stop(signal);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const say = (line: string) => (ctx.json ? console.error : console.log)(`dashboard: ${line}`);
    try {
      const { startDashboard } = await import('@subnetkit/dashboard');
      const dash = await ctx.progress.step(`starting the dashboard for subnet ${netuid} on ${endpoint}`, () =>
        startDashboard({
          endpoint,
          netuid,
          port,
          host: typeof host === 'string' ? host : '127.0.0.1',
          ...(signer ? { signer } : {}),
        }),
      );
      const mg = dash.state().metagraph;
      console.log(ctx.json ? JSON.stringify({ ready: dash.url }) : `DASHBOARD_READY ${dash.url}`);
      say(`subnet ${netuid} on ${endpoint}: ${mg?.n ?? 0} neurons at block #${mg?.block ?? '?'}`);
      say('Ctrl-C to stop');
      const signal = await stopped;
      say(`${signal} received, stopping`);
      await dash.close();
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
});
