/**
 * Follows one subnet: a full metagraph sync on every new block (coalesced: at most one sync runs, and one more is
 * queued whatever the number of blocks that arrived meanwhile), a bounded history of the charted columns, and axon
 * pings on a timer (and at once when the set of served axons changes). Everything it learns goes to `emit`.
 */
import type { ChainClient } from '@subnetkit/chain';
import { chainSource, Metagraph } from '@subnetkit/metagraph';
import { type AxonHealth, type Dendrite, pingAxons } from './health.js';
import { type HistoryPoint, historyPoint, type MetagraphView, metagraphView } from './view.js';

export interface MonitorOptions {
  netuid: number;
  /** Points kept for the charts (oldest dropped first). */
  historyLimit: number;
  /** Earlier blocks read at start so the charts have a past: up to `backfillPoints` points over `backfillBlocks`. */
  backfillBlocks: number;
  backfillPoints: number;
  healthIntervalMs: number;
  healthTimeoutS: number;
  /** Applied to error messages before they reach the state (an endpoint URL may carry credentials). */
  redact: (message: string) => string;
}

export interface DashboardState {
  netuid: number;
  /** Where the chain is read from: a ws URL, or `in-process` for a provider object. */
  endpoint: string;
  metagraph: MetagraphView | null;
  history: HistoryPoint[];
  health: AxonHealth[];
  /** The last sync failure, cleared by the next good sync. */
  error: string | null;
}

export type MonitorEvent =
  | { type: 'block'; metagraph: MetagraphView; point: HistoryPoint }
  | { type: 'health'; health: AxonHealth[] }
  | { type: 'status'; error: string | null };

export class SubnetMonitor {
  readonly state: DashboardState;
  readonly #client: ChainClient;
  readonly #dendrite: Dendrite;
  readonly #opts: MonitorOptions;
  readonly #emit: (event: MonitorEvent) => void;
  readonly #mg: Metagraph;
  #unsubscribe: (() => void) | undefined;
  #healthTimer: NodeJS.Timeout | undefined;
  #syncing: Promise<void> | undefined;
  #again = false;
  #pinging: Promise<void> | undefined;
  #servedKey = '';
  #closed = false;

  constructor(
    client: ChainClient,
    dendrite: Dendrite,
    endpoint: string,
    opts: MonitorOptions,
    emit: (e: MonitorEvent) => void,
  ) {
    this.#client = client;
    this.#dendrite = dendrite;
    this.#opts = opts;
    this.#emit = emit;
    this.#mg = new Metagraph(opts.netuid, chainSource(client));
    this.state = { netuid: opts.netuid, endpoint, metagraph: null, history: [], health: [], error: null };
  }

  /** First sync (its failure is thrown: a wrong netuid or endpoint should stop the start), backfill, then follow. */
  async start(): Promise<void> {
    const failure = await this.#syncOnce();
    if (failure !== undefined) throw failure;
    await this.#backfill();
    this.#unsubscribe = this.#client.subscribeNewHeads(() => this.requestSync());
    this.#healthTimer = setInterval(() => void this.pingNow(), this.#opts.healthIntervalMs);
    this.#healthTimer.unref();
    void this.pingNow();
  }

  /** Syncs now, or once more after the running sync. Resolves when the state is at least as new as the call. */
  requestSync(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#syncing) {
      this.#again = true;
      return this.#syncing;
    }
    this.#syncing = (async () => {
      do {
        this.#again = false;
        await this.#syncOnce(); // failures are on the page; the next block tries again
      } while (this.#again && !this.#closed);
    })().finally(() => {
      this.#syncing = undefined;
    });
    return this.#syncing;
  }

  /** One round of pings (joined if one is running). */
  pingNow(): Promise<void> {
    if (this.#pinging || this.#closed) return this.#pinging ?? Promise.resolve();
    const neurons = this.state.metagraph?.neurons ?? [];
    this.#pinging = pingAxons(this.#dendrite, neurons, this.#opts.healthTimeoutS)
      .then((health) => {
        if (this.#closed) return;
        this.state.health = health;
        this.#emit({ type: 'health', health });
      })
      .catch(() => undefined) // the dendrite reports per-axon failures as statuses; this is only a closed dendrite
      .finally(() => {
        this.#pinging = undefined;
      });
    return this.#pinging;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe?.();
    if (this.#healthTimer) clearInterval(this.#healthTimer);
    await Promise.allSettled([this.#syncing, this.#pinging]);
  }

  /** One sync; a failure is reported to the page and returned (the first one stops the start). */
  async #syncOnce(): Promise<unknown> {
    try {
      await this.#mg.sync({ lite: false, timeoutMs: 30_000 });
    } catch (err) {
      const error = this.#opts.redact((err as Error).message);
      if (error !== this.state.error) {
        this.state.error = error;
        this.#emit({ type: 'status', error });
      }
      return err;
    }
    if (this.#closed) return;
    if (this.state.error !== null) {
      this.state.error = null;
      this.#emit({ type: 'status', error: null });
    }
    const last = this.state.metagraph;
    if (last && last.block === this.#mg.block) return;
    const view = metagraphView(this.#mg);
    const point = historyPoint(view);
    this.state.metagraph = view;
    this.#pushPoint(point);
    this.#emit({ type: 'block', metagraph: view, point });
    const served = view.neurons.map((n) => (n.axon ? `${n.uid}@${n.axon.ip}:${n.axon.port}` : '')).join(',');
    if (last && served !== this.#servedKey) void this.pingNow();
    this.#servedKey = served;
  }

  #pushPoint(point: HistoryPoint): void {
    const h = this.state.history;
    const at = h.findIndex((p) => p.block >= point.block);
    if (at === -1) h.push(point);
    else if (h[at]!.block === point.block) h[at] = point;
    else h.splice(at, 0, point);
    if (h.length > this.#opts.historyLimit) h.splice(0, h.length - this.#opts.historyLimit);
  }

  /** Lite reads of earlier blocks; stops quietly where the node no longer has the state (a pruned node). */
  async #backfill(): Promise<void> {
    const head = this.state.metagraph?.block ?? 0;
    const { backfillBlocks, backfillPoints } = this.#opts;
    if (backfillPoints <= 0 || backfillBlocks <= 0 || head <= 1) return;
    const span = Math.min(backfillBlocks, head - 1);
    const step = Math.max(1, Math.ceil(span / backfillPoints));
    const past = new Metagraph(this.#opts.netuid, chainSource(this.#client));
    for (let block = head - step; block >= head - span && !this.#closed; block -= step) {
      try {
        await past.sync({ block, lite: true, timeoutMs: 10_000 });
      } catch {
        return;
      }
      if (past.n === 0) return;
      this.#pushPoint(historyPoint(metagraphView(past)));
    }
  }
}
