/**
 * The Axon: the miner's HTTP server. This file holds its life cycle (options, routes, start, close) and picks the
 * signature scheme of each request; the pipeline steps live beside it, one job per file:
 * `bittensor-request.ts` (route lookup → header synapse → header shapes → capacity gate, 503 before any costly work
 * (`admission.ts`) → verify, signature always, nonce window with the axon's start as a floor → blacklist 403 → rate
 * limit 429 → body + body-hash integrity, 500 as Python), `epistula-request.ts`,
 * `run-forward.ts` (priority queue → forward under the synapse timeout, 408 → answer, spec §2.4), `error-answer.ts`,
 * and `server.ts` (fastify, limits, health and metrics). Defaults and option checks: `defaults.ts`.
 */
import { randomUUID } from 'node:crypto';
import {
  BaseSynapse,
  EpistulaVerifier,
  type FieldShape,
  ipVersion,
  NonceStore,
  type PyAxonInfo,
  type SynapseDefinition,
  statusOf,
  wallClockNs,
} from '@subnetkit/synapse';
import type { Signer } from '@subnetkit/wallet';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Logger, pino } from 'pino';
import { AdmissionGate } from './admission.js';
import { handleBittensor } from './bittensor-request.js';
import { type AxonContext, elapsedSeconds, type Route, unknownSynapseMessage } from './context.js';
import { type ResolvedAxonOptions, resolveAxonOptions } from './defaults.js';
import { handleEpistula } from './epistula-request.js';
import { AxonError, rejectRequest } from './errors.js';
import { AxonMetrics } from './metrics.js';
import type { AttachOptions, AxonOptions, ForwardFn } from './options.js';
import { RateLimiter } from './rate-limit.js';
import type { ReplayStore } from './redis-nonce-store.js';
import { sendBareError } from './replies.js';
import { RequestControl } from './request-control.js';
import { Scheduler } from './scheduler.js';
import { type App, buildServer } from './server.js';
import { SignatureCheck } from './signature-check.js';
import { sr25519Ready } from './sr25519-verify.mjs';
import { VerifyPool } from './verify-pool.js';

// Signing an error answer costs a signature on the event loop (milliseconds with a pure-JS signer), so a flood of bad
// requests could buy CPU with it; past this budget the (never verified) signature header is left out.
const ERROR_SIGNATURES_PER_SECOND = 20;

/**
 * A miner's axon.
 *
 * @example
 * const axon = new Axon({ signer: await Keypair.fromUri('//Bob'), port: 8091, ip: '127.0.0.1' });
 * axon.attach(Dummy, (s) => { s.output = s.input * 2; return s; });
 * await axon.start();
 * // ... axon.info() for serve_axon; await axon.close(); (or `await using axon = ...`)
 */
export class Axon {
  readonly uuid = randomUUID();
  readonly version: number;
  readonly log: Logger;
  readonly metrics: AxonMetrics | undefined;
  readonly #opts: ResolvedAxonOptions;
  readonly #routes = new Map<string, Route>();
  readonly #clock: () => bigint;
  readonly #scheduler: Scheduler;
  readonly #admission: AdmissionGate;
  readonly #inFlight = new Set<RequestControl>();
  readonly #healthEntries = new Map<string, () => unknown>();
  readonly #nonces: ReplayStore;
  readonly #signatures: SignatureCheck;
  readonly #ctx: AxonContext;
  #epistula: EpistulaVerifier | undefined;
  #signer: Signer | undefined;
  #coldkey: string | null;
  #app: App | undefined;
  #pool: VerifyPool | undefined;
  #port: number;
  #startedMs = 0;
  #state: 'new' | 'starting' | 'started' | 'stopping' | 'stopped' = 'new';

  /** Throws `AXON_NO_SIGNER` without a wallet or signer, `AXON_INVALID_OPTIONS` naming any bad option. */
  constructor(options: AxonOptions = {}) {
    const o = resolveAxonOptions(options);
    this.#opts = o;
    this.#port = o.port;
    this.version = o.version;
    this.#clock = o.clock ?? wallClockNs;
    this.#signer = o.signer;
    this.#coldkey = o.coldkey ?? null;
    this.log = o.logger ?? pino({ name: 'axon', level: o.logLevel });
    this.#scheduler = new Scheduler({ maxConcurrency: o.maxConcurrency, maxQueue: o.maxQueue });
    this.#admission = new AdmissionGate(this.#scheduler, o.maxAdmitting);
    this.metrics = o.metrics
      ? new AxonMetrics({
          queued: () => this.#scheduler.queued,
          inFlight: () => this.#scheduler.inFlight,
          admitting: () => this.#admission.admitting,
        })
      : undefined;
    this.#nonces =
      o.nonceStore ??
      new NonceStore({
        ...o.nonce,
        maxTimeoutMs: o.maxTimeoutMs,
        clock: this.#clock,
      });
    const metrics = this.metrics;
    this.#signatures = new SignatureCheck(this.#nonces, metrics && (() => metrics.signatureChecks.inc()));
    this.#ctx = {
      options: o,
      uuid: this.uuid,
      version: this.version,
      log: this.log,
      metrics: this.metrics,
      clock: this.#clock,
      routes: this.#routes,
      scheduler: this.#scheduler,
      admission: this.#admission,
      rateLimiter: o.rateLimit === false ? undefined : new RateLimiter(o.rateLimit),
      errorSignatures: new RateLimiter({
        perSecond: ERROR_SIGNATURES_PER_SECOND,
        burst: ERROR_SIGNATURES_PER_SECOND,
        maxKeys: 1,
      }),
      signatures: this.#signatures,
      inFlight: this.#inFlight,
      hotkey: () => this.hotkey,
      signer: () => this.#signer,
      epistula: () => this.#epistula!,
      startedMs: () => this.#startedMs,
      healthBody: () => this.#healthBody(),
    };
    this.attach(BaseSynapse, (s) => s);
  }

  /** The axon's hotkey (SS58). With a wallet it is known once `start()` has loaded it. */
  get hotkey(): string {
    if (!this.#signer) throw new AxonError('AXON_NOT_STARTED', 'the wallet hotkey is loaded by start()');
    return this.#signer.address;
  }

  /** The listening port (the real one once started with port 0). */
  get port(): number {
    return this.#port;
  }

  /** Forwards running now, requests waiting for a slot, and requests being checked before they can queue. */
  get load(): { inFlight: number; queued: number; admitting: number } {
    return { inFlight: this.#scheduler.inFlight, queued: this.#scheduler.queued, admitting: this.#admission.admitting };
  }

  /** Route names, the default `Synapse` first. */
  get synapses(): string[] {
    return [...this.#routes.keys()];
  }

  /**
   * Adds `name: report()` to the `GET /health` answer (e.g. the models a miner serves); `report` runs on each request,
   * and one that throws shows `{"error": message}`. The same name again replaces the entry. Returns the axon.
   */
  healthEntry(name: string, report: () => unknown): this {
    if (name === 'status' || typeof report !== 'function')
      throw new AxonError(
        'AXON_INVALID_OPTIONS',
        `healthEntry(${name}): needs a name other than 'status' and a function`,
      );
    this.#healthEntries.set(name, report);
    return this;
  }

  #healthBody(): string {
    if (this.#healthEntries.size === 0) return '{"status":"ok"}';
    const body: Record<string, unknown> = { status: 'ok' };
    for (const [name, report] of this.#healthEntries) {
      try {
        body[name] = report();
      } catch (err) {
        body[name] = { error: (err as Error).message };
      }
    }
    return JSON.stringify(body);
  }

  /**
   * Serves `def` at `POST /{def.name}` (and GET, as Python). Hooks may be sync or async. Attaching the same name again
   * replaces the route. Returns the axon, for chaining.
   */
  attach<S extends FieldShape, D>(
    def: SynapseDefinition<S, D>,
    forward: ForwardFn<S>,
    hooks: AttachOptions<S> = {},
  ): this {
    if (!def || typeof def.name !== 'string' || typeof def.fromBody !== 'function')
      throw new AxonError(
        'AXON_INVALID_ROUTE',
        'attach(): the first argument must be a synapse definition (defineSynapse)',
      );
    if (typeof forward !== 'function')
      throw new AxonError('AXON_INVALID_ROUTE', `attach(${def.name}): forward must be a function`);
    if ((def.name === 'health' && this.#opts.health) || (def.name === 'metrics' && this.#opts.metrics))
      throw new AxonError(
        'AXON_INVALID_ROUTE',
        `attach(${def.name}): /${def.name} is served by the axon itself; disable it in the options`,
      );
    for (const k of ['blacklist', 'priority', 'verify'] as const) {
      if (hooks[k] !== undefined && typeof hooks[k] !== 'function')
        throw new AxonError('AXON_INVALID_ROUTE', `attach(${def.name}): ${k} must be a function`);
    }
    this.#routes.set(def.name, {
      def: def as unknown as SynapseDefinition<FieldShape, unknown>,
      forward: forward as unknown as ForwardFn<FieldShape>,
      hooks: hooks as unknown as AttachOptions<FieldShape>,
    });
    return this;
  }

  /** The AxonInfo that `serve_axon` publishes (spec §4.5). */
  info(): PyAxonInfo {
    const ip = this.#opts.externalIp ?? this.#opts.ip;
    return {
      version: this.version,
      ip,
      ip_type: ipVersion(ip),
      port: this.#opts.externalPort ?? this.#port,
      hotkey: this.hotkey,
      coldkey: this.#coldkey,
      protocol: 4,
      placeholder1: 0,
      placeholder2: 0,
    };
  }

  /** Loads the keys, starts the verification workers and listens. Resolves once accepting connections. */
  async start(): Promise<this> {
    if (this.#state !== 'new') throw new AxonError('AXON_ALREADY_STARTED', `start(): the axon is ${this.#state}`);
    this.#state = 'starting';
    try {
      await sr25519Ready();
      await this.#nonces.ready?.();
      const wallet = this.#opts.wallet;
      if (!this.#signer && wallet) {
        this.#signer = await wallet.getHotkey();
        if (this.#coldkey === null) {
          this.#coldkey = await wallet.getColdkeypub().then(
            (k) => k.address,
            () => null,
          );
        }
      }
      const threads = this.#opts.verifyThreads;
      // The gate keeps at most maxAdmitting requests in verification; the pool's own bound is the same, as a backstop.
      if (threads > 0) this.#pool = await VerifyPool.start(threads, this.#opts.maxAdmitting);
      this.#signatures.pool = this.#pool;
      // Replays: a nonce from before this start is refused for any key we have not seen since.
      const now = this.#clock();
      this.#nonces.setFloor(now);
      this.#startedMs = Number(now / 1_000_000n);
      this.#epistula = new EpistulaVerifier({
        receiverHotkey: this.hotkey,
        allowedDeltaMs: this.#opts.epistula.allowedDeltaMs,
        clock: () => Number(this.#clock() / 1_000_000n),
      });
      const app = buildServer(this.#ctx, (req, reply) => this.#handle(req, reply));
      this.#app = app;
      await app.listen({ port: this.#port, host: this.#opts.ip });
      const addr = app.server.address();
      if (addr && typeof addr === 'object') this.#port = addr.port;
      this.#state = 'started';
      this.log.info({ port: this.#port, hotkey: this.hotkey, synapses: this.synapses }, 'axon started');
      return this;
    } catch (err) {
      this.#state = 'new';
      await this.#pool?.close();
      this.#pool = undefined;
      this.#signatures.pool = undefined;
      throw err;
    }
  }

  /**
   * Stops accepting connections, lets in-flight requests finish for up to `timeoutMs` (default the `stopTimeoutMs`
   * option, 10 s), then aborts the rest (their handlers' signals fire) and closes every connection. Closing an axon
   * that is not running does nothing.
   */
  async close(timeoutMs = this.#opts.stopTimeoutMs): Promise<void> {
    if (this.#state !== 'started') return;
    this.#state = 'stopping';
    const app = this.#app!;
    const closed = app.close();
    const timer = setTimeout(() => {
      const reason = rejectRequest('AXON_UNAVAILABLE', 'Service unavailable: the axon is stopping');
      for (const ac of this.#inFlight) ac.abort(reason);
      app.server.closeAllConnections();
    }, timeoutMs);
    try {
      await closed;
    } finally {
      clearTimeout(timer);
      await this.#pool?.close();
      this.#pool = undefined;
      this.#signatures.pool = undefined;
      this.#state = 'stopped';
      this.log.info('axon stopped');
    }
  }

  /** @deprecated Use `close()` (the same; every subnetkit resource ends with `close()`). */
  stop(timeoutMs?: number): Promise<void> {
    return this.close(timeoutMs);
  }

  /** `await using axon = new Axon(...)` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #handle(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const t0 = performance.now();
    const name = (req.params as { synapse: string }).synapse;
    const route = this.#routes.get(name);
    if (!route)
      return sendBareError(
        reply,
        statusOf('AXON_UNKNOWN_SYNAPSE'),
        unknownSynapseMessage(this.#ctx, name),
        elapsedSeconds(t0),
      );

    const ac = new RequestControl();
    this.#inFlight.add(ac);
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) ac.abort(rejectRequest('AXON_CLIENT_CLOSED', 'client closed the connection'));
      this.#inFlight.delete(ac);
    });
    if (req.headers['epistula-request-signature'] !== undefined)
      return handleEpistula(this.#ctx, req, reply, route, ac, t0);
    return handleBittensor(this.#ctx, req, reply, route, ac, t0);
  }
}
