/**
 * `startDashboard`: a small fastify server for one subnet's live page. `GET /` is the page (static files, no
 * framework), `GET /vendor/uplot/*` the chart library from node_modules (the page loads nothing from the internet),
 * `GET /api/state` the current state as JSON and `GET /api/events` the same state as server-sent events: `snapshot`
 * on connect, then `block`, `health` and `status` as they happen.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { ChainClient, subnetExists } from '@subnetkit/chain';
import { Keypair, type Signer } from '@subnetkit/wallet';
import Fastify from 'fastify';
import { DashboardError } from './errors.js';
import { Dendrite } from './health.js';
import { type DashboardState, type MonitorEvent, SubnetMonitor } from './monitor.js';
import { EventFeed } from './sse.js';
import { endpointLabel } from './view.js';

export interface DashboardOptions {
  /** A connected chain client (e.g. an in-process localnet's `net.client()`); stays yours to close. */
  chain?: ChainClient;
  /** Or an endpoint to connect to: `ws://…`, `wss://…`, `local`, `test`, `finney`. Closed by `close()`. */
  endpoint?: string;
  netuid: number;
  /** Default 8500; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (the page is for this machine; pass 0.0.0.0 deliberately to share it). */
  host?: string;
  /** Signs the health pings. Default: a fresh throwaway key (axons that blacklist unknown hotkeys answer 403: up, refused). */
  signer?: Signer;
  /** Default 10 000 ms between ping rounds; `healthTimeoutS` (default 3) bounds each ping. */
  healthIntervalMs?: number;
  healthTimeoutS?: number;
  /** Chart points kept (default 720). */
  historyLimit?: number;
  /** Earlier state read at start for the charts: up to `backfillPoints` (default 24) over `backfillBlocks` (default 240). */
  backfillBlocks?: number;
  backfillPoints?: number;
  /** Open pages at once (default 32). */
  maxClients?: number;
}

export interface Dashboard {
  /** `http://host:port/` */
  url: string;
  port: number;
  /** The current state (what `/api/state` answers). */
  state(): DashboardState;
  /** Syncs the metagraph now (new blocks also trigger a sync on their own). */
  refresh(): Promise<void>;
  /** Pings every served axon now. */
  pingAxons(): Promise<void>;
  close(): Promise<void>;
  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');
const UPLOT_DIR = dirname(createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js'));

function checkOptions(o: DashboardOptions): void {
  const fail = (msg: string): never => {
    throw new DashboardError('DASHBOARD_INVALID_OPTIONS', msg);
  };
  if ((o.chain === undefined) === (o.endpoint === undefined)) fail('pass exactly one of `chain` or `endpoint`');
  if (!Number.isInteger(o.netuid) || o.netuid < 0 || o.netuid > 65535) fail(`netuid must be 0..65535, got ${o.netuid}`);
  const port = o.port ?? 8500;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`port must be 0..65535, got ${o.port}`);
  for (const key of ['healthIntervalMs', 'healthTimeoutS', 'historyLimit', 'maxClients'] as const) {
    const v = o[key];
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) fail(`${key} must be a positive number, got ${v}`);
  }
}

/**
 * Starts the dashboard; resolves once the first metagraph sync worked and the server listens.
 *
 * @example
 * const dash = await startDashboard({ endpoint: 'ws://127.0.0.1:9944', netuid: 2 });
 * console.log(`open ${dash.url}`);
 * // ...
 * await dash.close();
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  checkOptions(options);
  const host = options.host ?? '127.0.0.1';
  const ownsClient = options.chain === undefined;
  const client = options.chain ?? (await ChainClient.connect(options.endpoint as string, { timeoutMs: 20_000 }));
  const endpoint = options.endpoint === undefined ? 'in-process' : endpointLabel(options.endpoint);
  const signer = options.signer ?? (await Keypair.generate()).keypair;
  const dendrite = new Dendrite({ signer, signingThreads: 0, connectionsPerAxon: 1 });
  const feed = new EventFeed(options.maxClients ?? 32);
  const onEvent = (e: MonitorEvent) => {
    if (e.type === 'block') feed.send('block', { metagraph: e.metagraph, point: e.point });
    else if (e.type === 'health') feed.send('health', e.health);
    else feed.send('status', { error: e.error });
  };
  const monitor = new SubnetMonitor(
    client,
    dendrite,
    endpoint,
    {
      netuid: options.netuid,
      historyLimit: options.historyLimit ?? 720,
      backfillBlocks: options.backfillBlocks ?? 240,
      backfillPoints: options.backfillPoints ?? 24,
      healthIntervalMs: options.healthIntervalMs ?? 10_000,
      healthTimeoutS: options.healthTimeoutS ?? 3,
      redact: (message) => (options.endpoint ? message.replaceAll(options.endpoint, endpoint) : message),
    },
    onEvent,
  );
  const app = Fastify({ logger: false });
  const cleanup = async () => {
    feed.close();
    await monitor.close();
    await app.close();
    await dendrite.close();
    if (ownsClient) await client.close();
  };
  try {
    if (!(await subnetExists(client, options.netuid)))
      throw new DashboardError('DASHBOARD_NO_SUBNET', `subnet ${options.netuid} does not exist on ${endpoint}`);
    await monitor.start();
    app.addHook('onSend', async (_req, reply) => {
      // Everything the page needs comes from this server.
      reply.header('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'");
      reply.header('x-content-type-options', 'nosniff');
    });
    await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/' });
    await app.register(fastifyStatic, { root: UPLOT_DIR, prefix: '/vendor/uplot/', decorateReply: false });
    app.get('/api/state', async () => monitor.state);
    app.get('/api/events', (req, reply) => {
      reply.hijack();
      if (!feed.open(reply.raw, { event: 'snapshot', data: monitor.state })) {
        reply.raw.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' });
        reply.raw.end(JSON.stringify({ message: 'too many open dashboard pages' }));
      }
      req.raw.on('close', () => reply.raw.end());
    });
    await app.listen({ host, port: options.port ?? 8500 });
  } catch (err) {
    await cleanup().catch(() => undefined);
    if ((err as { code?: string }).code === 'EADDRINUSE') {
      const port = options.port ?? 8500;
      const msg = `port ${port} on ${host} is in use: pass another port (0 picks a free one)`;
      throw new DashboardError('DASHBOARD_LISTEN_FAILED', msg, { cause: err });
    }
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 8500);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= cleanup();
    return closing;
  };
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    state: () => monitor.state,
    refresh: () => monitor.requestSync(),
    pingAxons: () => monitor.pingNow(),
    close,
    [Symbol.asyncDispose]: close,
  };
}
