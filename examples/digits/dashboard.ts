/**
 * `npm run demo -- --dashboard`: the live subnet page (@subnetkit/dashboard) on the demo's own chain while it runs,
 * then held for a few seconds after the last epoch (or until Ctrl-C with `--dashboard-keep`) so the final state can be
 * looked at.
 */
import type { ChainClient } from '@subnetkit/chain';
import { type Dashboard, startDashboard } from '@subnetkit/dashboard';

export interface DemoDashboardOptions {
  /** Port of the page; default 0 (a free one, printed). */
  port?: number;
  /** After the run: keep the page up this many ms (default 5000), or until SIGINT/SIGTERM. */
  keep?: number | 'until-signal';
}

export interface DemoDashboard {
  url: string;
  /** Waits as `keep` says, with the page live, then closes it. */
  holdAndClose(say: (line: string) => void): Promise<void>;
  close(): Promise<void>;
}

export async function startDemoDashboard(
  client: ChainClient,
  netuid: number,
  options: DemoDashboardOptions,
): Promise<DemoDashboard> {
  // Pings every 2 s rather than 10: the demo lasts about a minute, and the health column should fill in early.
  const dash: Dashboard = await startDashboard({
    chain: client,
    netuid,
    port: options.port ?? 0,
    healthIntervalMs: 2000,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await dash.close();
  };
  return {
    url: dash.url,
    close,
    async holdAndClose(say) {
      await dash.refresh().catch(() => {}); // the final epoch's values, before anyone looks
      const keep = options.keep ?? 5000;
      if (keep === 'until-signal') {
        say(`dashboard: ${dash.url} stays live; Ctrl-C to stop`);
        await untilSignalOr(undefined);
      } else if (keep > 0) {
        say(`dashboard: ${dash.url} stays live for ${(keep / 1000).toFixed(0)} s (--dashboard-keep: until Ctrl-C)`);
        await untilSignalOr(keep);
      }
      await close();
    },
  };
}

/** Resolves on SIGINT/SIGTERM, or after `ms` when given; the handlers are removed either way. */
function untilSignalOr(ms: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    const timer = ms === undefined ? undefined : setTimeout(done, ms);
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
