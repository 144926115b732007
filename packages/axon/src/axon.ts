/**
 * The Axon: the miner's HTTP server (fastify). Per request: route lookup → header synapse → verify (signature always,
 * nonce window with the axon's start as a floor) → blacklist (403) → rate limit (429) → body parse + body-hash
 * integrity (500, as Python) → priority queue → forward under the synapse timeout (408) → answer (spec §2.4).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import {
  axonSignedMessage,
  BaseSynapse,
  bodyHash,
  decodeJsonBody,
  decodeMsgpackBody,
  EpistulaVerifier,
  type FieldShape,
  fromHeaders,
  ipVersion,
  NonceStore,
  PROTOCOL_VERSION,
  type PyAxonInfo,
  type Synapse,
  type SynapseDefinition,
  SynapseError,
  shortText,
  signatureToHex,
  terminalInfo,
  wallClockNs,
} from '@subnetkit/synapse';
import type { Signer } from '@subnetkit/wallet';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { type Logger, pino } from 'pino';
import {
  clientErrorAnswer,
  defaultMaxConnections,
  guardConnections,
  rawErrorResponse,
  refuseSocket,
} from './connections.js';
import { AxonError, exposedStatus, RequestRejected } from './errors.js';
import { AxonMetrics } from './metrics.js';
import {
  type AttachOptions,
  type AxonOptions,
  defaultLogLevel,
  type ForwardContext,
  type ForwardFn,
  type HookContext,
} from './options.js';
import { RateLimiter } from './rate-limit.js';
import type { ReplayStore } from './redis-nonce-store.js';
import { sendBareError, sendStream, sendSynapse, sendSynapseError } from './replies.js';
import {
  blacklisted,
  decodeURIComponentSafe,
  isAsyncIterable,
  isMsgpack,
  notVerified,
  peerIp,
  RequestControl,
} from './request-control.js';
import { clearCallerStatus, hashedPrimitives, mergeResult, sameHashed, snapshotFrozen } from './responses.js';
import { Scheduler } from './scheduler.js';
import { SignatureCheck } from './signature-check.js';
import { sr25519Ready } from './sr25519-verify.mjs';
import { VerifyPool } from './verify-pool.js';

type App = FastifyInstance<Server, IncomingMessage, ServerResponse, Logger>;

interface Route {
  def: SynapseDefinition<FieldShape, unknown>;
  forward: ForwardFn<FieldShape>;
  hooks: AttachOptions<FieldShape>;
}

/**
 * A miner's axon.
 *
 * @example
 * const axon = new Axon({ signer: await Keypair.fromUri('//Bob'), port: 8091, ip: '127.0.0.1' });
 * axon.attach(Dummy, (s) => { s.output = s.input * 2; return s; });
 * await axon.start();
 * // ... axon.info() for serve_axon; await axon.stop();
 */
export class Axon {
  readonly uuid = randomUUID();
  readonly version: number;
  readonly log: Logger;
  readonly metrics: AxonMetrics | undefined;
  readonly #opts: AxonOptions;
  readonly #routes = new Map<string, Route>();
  readonly #clock: () => bigint;
  readonly #scheduler: Scheduler;
  readonly #rateLimiter: RateLimiter | undefined;
  // Signing an error answer costs a signature on the event loop (milliseconds with a pure-JS signer), so a flood of bad
  // requests could buy CPU with it; past this budget the (never verified) signature header is left out.
  readonly #errorSignatures = new RateLimiter({ perSecond: 20, burst: 20, maxKeys: 1 });
  readonly #inFlight = new Set<RequestControl>();
  readonly #healthEntries = new Map<string, () => unknown>();
  readonly #nonces: ReplayStore;
  readonly #signatures: SignatureCheck;
  #epistula: EpistulaVerifier | undefined;
  #signer: Signer | undefined;
  #coldkey: string | null;
  #app: App | undefined;
  #pool: VerifyPool | undefined;
  #port: number;
  #startedMs = 0;
  #state: 'new' | 'starting' | 'started' | 'stopping' | 'stopped' = 'new';

  constructor(options: AxonOptions = {}) {
    if (!options.wallet && !options.signer)
      throw new AxonError('NO_SIGNER', 'new Axon(): give a wallet or a signer (the hotkey requests are signed for)');
    const port = options.port ?? 8091;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new AxonError('INVALID_OPTIONS', `port ${port} is not a TCP port (0 picks a free one)`);
    if (
      options.externalPort !== undefined &&
      (!Number.isInteger(options.externalPort) || options.externalPort < 1 || options.externalPort > 65535)
    )
      throw new AxonError('INVALID_OPTIONS', `externalPort ${options.externalPort} is not a TCP port`);
    for (const k of [
      'maxConcurrency',
      'maxQueue',
      'bodyLimit',
      'maxHeaderSize',
      'verifyThreads',
      'headersTimeoutMs',
      'requestTimeoutMs',
      'keepAliveTimeoutMs',
      'maxConnections',
      'maxConnectionsPerAddress',
    ] as const) {
      const v = options[k];
      if (v !== undefined && (!Number.isInteger(v) || v < 0))
        throw new AxonError('INVALID_OPTIONS', `${k} must be a non-negative integer, got ${v}`);
    }
    if ((options.maxConcurrency ?? 1) < 1) throw new AxonError('INVALID_OPTIONS', 'maxConcurrency must be at least 1');
    this.#opts = options;
    this.#port = port;
    this.version = options.version ?? PROTOCOL_VERSION;
    this.#clock = options.clock ?? wallClockNs;
    this.#signer = options.signer;
    this.#coldkey = options.coldkey ?? null;
    this.log = options.logger ?? pino({ name: 'axon', level: options.logLevel ?? defaultLogLevel() });
    this.#scheduler = new Scheduler({
      maxConcurrency: options.maxConcurrency ?? 32,
      maxQueue: options.maxQueue ?? 256,
    });
    this.#rateLimiter =
      options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit ?? { perSecond: 50, burst: 100 });
    this.metrics =
      options.metrics === false
        ? undefined
        : new AxonMetrics({ queued: () => this.#scheduler.queued, inFlight: () => this.#scheduler.inFlight });
    this.#nonces = options.nonceStore ?? this.#newNonceStore();
    this.#signatures = new SignatureCheck(this.#nonces);
    this.attach(BaseSynapse, (s) => s);
  }

  #newNonceStore(): NonceStore {
    return new NonceStore({
      maxKeys: this.#opts.nonce?.maxKeys ?? 100_000,
      ...(this.#opts.nonce?.maxBytes !== undefined ? { maxBytes: this.#opts.nonce.maxBytes } : {}),
      maxTimeoutSeconds: this.#opts.maxTimeout ?? 60,
      ...(this.#opts.nonce?.maxFutureNs !== undefined ? { maxFutureNs: this.#opts.nonce.maxFutureNs } : {}),
      clock: this.#clock,
    });
  }

  /** The axon's hotkey (SS58). With a wallet it is known once `start()` has loaded it. */
  get hotkey(): string {
    if (!this.#signer) throw new AxonError('NOT_STARTED', 'the wallet hotkey is loaded by start()');
    return this.#signer.address;
  }

  /** The listening port (the real one once started with port 0). */
  get port(): number {
    return this.#port;
  }

  /** Forwards running now and requests waiting for a slot. */
  get load(): { inFlight: number; queued: number } {
    return { inFlight: this.#scheduler.inFlight, queued: this.#scheduler.queued };
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
      throw new AxonError('INVALID_OPTIONS', `healthEntry(${name}): needs a name other than 'status' and a function`);
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
      throw new AxonError('INVALID_ROUTE', 'attach(): the first argument must be a synapse definition (defineSynapse)');
    if (typeof forward !== 'function')
      throw new AxonError('INVALID_ROUTE', `attach(${def.name}): forward must be a function`);
    if (
      (def.name === 'health' && this.#opts.health !== false) ||
      (def.name === 'metrics' && this.#opts.metrics !== false)
    )
      throw new AxonError(
        'INVALID_ROUTE',
        `attach(${def.name}): /${def.name} is served by the axon itself; disable it in the options`,
      );
    for (const k of ['blacklist', 'priority', 'verify'] as const) {
      if (hooks[k] !== undefined && typeof hooks[k] !== 'function')
        throw new AxonError('INVALID_ROUTE', `attach(${def.name}): ${k} must be a function`);
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
    const ip = this.#opts.externalIp ?? this.#opts.ip ?? '0.0.0.0';
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
    if (this.#state !== 'new') throw new AxonError('ALREADY_STARTED', `start(): the axon is ${this.#state}`);
    this.#state = 'starting';
    try {
      await sr25519Ready();
      await this.#nonces.ready?.();
      if (!this.#signer && this.#opts.wallet) {
        this.#signer = await this.#opts.wallet.getHotkey();
        if (this.#coldkey === null) {
          this.#coldkey = await this.#opts.wallet.getColdkeypub().then(
            (k) => k.address,
            () => null,
          );
        }
      }
      const threads = this.#opts.verifyThreads ?? Math.min(4, availableParallelism() - 1);
      if (threads > 0) this.#pool = await VerifyPool.start(threads);
      this.#signatures.pool = this.#pool;
      // Replays: a nonce from before this start is refused for any key we have not seen since.
      const now = this.#clock();
      this.#nonces.setFloor(now);
      this.#startedMs = Number(now / 1_000_000n);
      const ep = this.#opts.epistula;
      this.#epistula = new EpistulaVerifier({
        receiverHotkey: this.hotkey,
        allowedDeltaMs: ep?.allowedDeltaMs ?? 8000,
        clock: () => Number(this.#clock() / 1_000_000n),
      });
      const app = this.#buildServer();
      this.#app = app;
      await app.listen({ port: this.#port, host: this.#opts.ip ?? '0.0.0.0' });
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
   * option, 10 s), then aborts the rest (their handlers' signals fire) and closes every connection.
   */
  async stop(timeoutMs = this.#opts.stopTimeoutMs ?? 10_000): Promise<void> {
    if (this.#state !== 'started') return;
    this.#state = 'stopping';
    const app = this.#app!;
    const closed = app.close();
    const timer = setTimeout(() => {
      for (const ac of this.#inFlight) ac.abort(new RequestRejected(503, 'Service unavailable: the axon is stopping'));
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

  #buildServer(): App {
    const o = this.#opts;
    const headersTimeout = o.headersTimeoutMs ?? 10_000;
    const requestTimeout = Math.max(o.requestTimeoutMs ?? 30_000, headersTimeout);
    const app = Fastify({
      loggerInstance: this.log,
      logController: new LogController({ disableRequestLogging: true }),
      bodyLimit: o.bodyLimit ?? 8 * 1024 * 1024,
      http: {
        maxHeaderSize: o.maxHeaderSize ?? 16 * 1024,
        headersTimeout,
        // How often Node checks the two deadlines above (its default, 30 s, let slow connections live far past them).
        connectionsCheckingInterval: Math.max(100, Math.min(1000, headersTimeout / 4)),
      },
      requestTimeout,
      keepAliveTimeout: o.keepAliveTimeoutMs ?? 15_000,
      // Socket inactivity: longer than any forward may run, so only dead connections hit it.
      connectionTimeout: ((o.maxTimeout ?? 60) + 30) * 1000,
      exposeHeadRoutes: false,
      return503OnClosing: true,
      forceCloseConnections: 'idle',
      genReqId: () => randomUUID(),
      // Requests Node's parser refuses never reach fastify: answer them like every other error.
      clientErrorHandler: (err, socket) => {
        if ((err as { code?: string }).code === 'ECONNRESET' || !socket.writable) {
          socket.destroy();
          return;
        }
        const { status, message } = clientErrorAnswer(err);
        refuseSocket(socket, status, message);
      },
      frameworkErrors: (err, _req, reply) => {
        sendBareError(reply, 400, `Malformed request: ${shortText(err.message)}`, 0);
      },
    });
    guardConnections(app.server, {
      maxConnections: o.maxConnections ?? defaultMaxConnections(),
      maxConnectionsPerAddress: o.maxConnectionsPerAddress ?? 128,
    });
    // Node answers an `Expect` it cannot meet with a bare 417; with a listener the answer is ours.
    app.server.on('checkExpectation', (req, res) => {
      const message = `Expectation failed: ${JSON.stringify(String(req.headers.expect).slice(0, 100))} is not supported`;
      res.socket?.end(rawErrorResponse(417, message));
      res.socket?.destroySoon?.();
    });
    // HTTP/1.x only (Node's parser also reads an `HTTP/2.0` request line), and one Host header (RFC 9112 §3.2).
    app.addHook('onRequest', async (req, reply) => {
      const v = req.raw.httpVersion;
      if (v !== '1.1' && v !== '1.0')
        return sendBareError(reply.header('connection', 'close'), 400, `HTTP/${v} is not supported: use HTTP/1.1`, 0);
      let hosts = 0;
      const raw = req.raw.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) if (raw[i]!.length === 4 && raw[i]!.toLowerCase() === 'host') hosts++;
      if (hosts > 1)
        return sendBareError(
          reply.header('connection', 'close'),
          400,
          'Malformed request: more than one Host header',
          0,
        );
    });
    // Bodies stay raw bytes: they are parsed by the synapse codec (lossless 19-digit nonces, Python float rules), not
    // JSON.parse, and only after the signature has been checked.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    if (this.metrics) {
      const metrics = this.metrics;
      app.addHook('onResponse', (req, reply, done) => {
        // Route names are the only labels (anything else is `unknown`), so clients cannot grow the label set.
        const url = req.routeOptions.url;
        if (url !== '/health' && url !== '/metrics') {
          const name = (req.params as { synapse?: string } | undefined)?.synapse;
          const label = name !== undefined && this.#routes.has(name) ? name : 'unknown';
          metrics.observe(label, reply.statusCode, reply.elapsedTime / 1000);
        }
        done();
      });
      app.get('/metrics', async (_req, reply) => {
        const text = await metrics.registry.metrics();
        return reply.type(metrics.registry.contentType).send(text);
      });
    }
    if (this.#opts.health !== false) {
      app.get('/health', async (_req, reply) =>
        reply.header('content-type', 'application/json').send(this.#healthBody()),
      );
    }
    // Returning the reply tells fastify the answer is (being) sent, which a streamed body needs.
    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      await this.#handle(req, reply);
      return reply;
    };
    app.post('/:synapse', handler);
    app.get('/:synapse', handler);

    app.setNotFoundHandler((req, reply) => {
      const name = (req.url.split('?')[0] ?? '').split('/')[1] ?? '';
      sendBareError(reply, 404, this.#unknownMessage(decodeURIComponentSafe(name)), 0);
    });
    app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
      let status = err.statusCode ?? 500;
      let message = `Internal Server Error #${req.id}`;
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        status = 413;
        message = `Request body is too large: the limit is ${app.initialConfig.bodyLimit} bytes`;
      } else if (status >= 400 && status < 500) message = err.message;
      else this.log.error({ reqId: req.id, err }, 'unhandled error');
      sendBareError(reply, status, message, 0);
    });
    return app;
  }

  #unknownMessage(name: string): string {
    return `Synapse name '${name}' not found. Available synapses [${this.synapses.map((n) => `'${n}'`).join(', ')}]`;
  }

  async #handle(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const t0 = performance.now();
    const name = (req.params as { synapse: string }).synapse;
    const route = this.#routes.get(name);
    if (!route) return sendBareError(reply, 404, this.#unknownMessage(name), (performance.now() - t0) / 1000);

    const ac = new RequestControl();
    this.#inFlight.add(ac);
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) ac.abort(new RequestRejected(499, 'client closed the connection'));
      this.#inFlight.delete(ac);
    });

    const def = route.def;
    let hs: Synapse<FieldShape> | undefined;
    try {
      const epistula = req.headers['epistula-request-signature'] !== undefined;
      if (epistula) {
        if (route.hooks.epistula === false)
          throw notVerified(`Epistula requests are not accepted on /${name}; sign it with the bittensor headers`);
        return await this.#handleEpistula(req, reply, route, ac, t0);
      }
      try {
        hs = fromHeaders(def, req.headers);
      } catch (err) {
        return sendBareError(
          reply,
          400,
          `Malformed request headers: ${(err as Error).message}`,
          (performance.now() - t0) / 1000,
        );
      }
      hs.name = name;
      hs.axon.version = this.version;
      hs.axon.uuid = this.uuid;
      hs.axon.nonce = this.#clock();
      hs.axon.status_code = 100;
      hs.dendrite.ip = peerIp(req);
      hs.dendrite.port = req.socket.remotePort ?? null;

      const ctx: HookContext = {
        requestId: req.id,
        hotkey: hs.dendrite.hotkey ?? '',
        scheme: 'bittensor',
        ip: hs.dendrite.ip,
        log: req.log as unknown as Logger,
      };
      if (this.#opts.blacklistBeforeVerify) await this.#blacklist(route, hs, ctx);
      await this.#signatures.verify(hs, this.hotkey);
      if (route.hooks.verify) await this.#userVerify(route, hs, ctx);
      if (!this.#opts.blacklistBeforeVerify) await this.#blacklist(route, hs, ctx);
      this.#rateLimit(ctx.hotkey, reply);

      const body = this.#decodeBody(req, def);
      const got = bodyHash(def, body);
      if (got !== hs.computed_body_hash)
        throw new RequestRejected(
          500,
          `Hash mismatch between header body hash ${hs.computed_body_hash} and parsed body hash ${got}`,
        );
      await this.#run(req, reply, route, hs, body, ctx, ac, t0);
    } catch (err) {
      this.#fail(req, reply, def, hs, err, t0);
    }
  }

  async #handleEpistula(
    req: FastifyRequest,
    reply: FastifyReply,
    route: Route,
    ac: RequestControl,
    t0: number,
  ): Promise<void> {
    const def = route.def;
    const raw = (req.body as Buffer | undefined) ?? Buffer.alloc(0);
    const signedFor = req.headers['epistula-signed-for'];
    if (!signedFor && (this.#opts.epistula?.requireSignedFor ?? true))
      throw notVerified('Epistula-Signed-For is required: sign the request for this axon hotkey');
    const ts = Number(req.headers['epistula-timestamp']);
    if (Number.isFinite(ts) && ts <= this.#startedMs) throw notVerified('Epistula timestamp predates this axon start');
    // The verifier is synchronous (one sr25519 check): Epistula traffic does not use the worker pool.
    const verdict = this.#epistula!.verify(req.headers as Record<string, string>, raw);
    if (!verdict.ok) throw notVerified(`Epistula ${verdict.code}: ${verdict.message}`);
    const body = this.#decodeBody(req, def);
    body.name = def.name;
    body.dendrite = terminalInfo({
      ...body.dendrite,
      hotkey: verdict.signedBy,
      uuid: verdict.uuid,
      ip: peerIp(req),
      port: req.socket.remotePort ?? null,
    });
    const ctx: HookContext = {
      requestId: req.id,
      hotkey: verdict.signedBy,
      scheme: 'epistula',
      ip: peerIp(req),
      log: req.log as unknown as Logger,
    };
    if (route.hooks.verify) await this.#userVerify(route, body, ctx);
    await this.#blacklist(route, body, ctx);
    this.#rateLimit(ctx.hotkey, reply);
    await this.#run(req, reply, route, body, body, ctx, ac, t0);
  }

  #decodeBody(req: FastifyRequest, def: SynapseDefinition<FieldShape, unknown>): Synapse<FieldShape> {
    const raw = req.body as Buffer | undefined;
    try {
      const body = isMsgpack(req)
        ? decodeMsgpackBody(def, raw ?? new Uint8Array())
        : decodeJsonBody(def, raw && raw.length > 0 ? raw : '{}');
      // The answer's status is the axon's: a caller cannot choose it through the body's axon block.
      clearCallerStatus(body);
      return body;
    } catch (err) {
      if (err instanceof SynapseError && (err.code === 'INVALID_JSON' || err.code === 'INVALID_MSGPACK'))
        throw new RequestRejected(400, `Malformed request body: ${err.message}`, { cause: err });
      throw new RequestRejected(422, `Invalid ${def.name} body: ${(err as Error).message}`, { cause: err });
    }
  }

  async #userVerify(route: Route, s: Synapse<FieldShape>, ctx: HookContext): Promise<void> {
    try {
      await route.hooks.verify!(s, ctx);
    } catch (err) {
      if (err instanceof RequestRejected) throw err;
      throw notVerified((err as Error)?.message ?? String(err));
    }
  }

  async #blacklist(route: Route, s: Synapse<FieldShape>, ctx: HookContext): Promise<void> {
    if (!route.hooks.blacklist) return;
    const [no, reason] = blacklisted(await route.hooks.blacklist(s, ctx));
    if (no) throw new RequestRejected(403, `Forbidden. Key is blacklisted: ${reason}.`);
  }

  #rateLimit(hotkey: string, reply: FastifyReply): void {
    if (!this.#rateLimiter) return;
    const wait = this.#rateLimiter.take(hotkey);
    if (wait > 0) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(wait))));
      throw new RequestRejected(429, `Too many requests: rate limit for hotkey ${hotkey} exceeded`);
    }
  }

  #timeoutSeconds(s: Synapse<FieldShape>): number {
    const max = this.#opts.maxTimeout ?? 60;
    const t = s.timeout;
    if (t === null || !Number.isFinite(t) || t <= 0) return Math.min(this.#opts.defaultTimeout ?? 12, max);
    return Math.min(t, max);
  }

  async #run(
    req: FastifyRequest,
    reply: FastifyReply,
    route: Route,
    hs: Synapse<FieldShape>,
    body: Synapse<FieldShape>,
    hookCtx: HookContext,
    ac: RequestControl,
    t0: number,
  ): Promise<void> {
    const def = route.def;
    const timeout = this.#timeoutSeconds(hs);
    const timeoutMessage = `Response timeout after: ${timeout}s`;
    const deadline = t0 + timeout * 1000;
    let priority = 0;
    if (route.hooks.priority) {
      const p = Number(await route.hooks.priority(hs, hookCtx));
      priority = Number.isFinite(p) ? p : 0;
    }
    const release = await this.#scheduler.acquire(priority, deadline - performance.now(), ac.signal, timeoutMessage);
    let streaming = false;
    const timer = setTimeout(
      () => ac.abort(new RequestRejected(408, timeoutMessage)),
      Math.max(0, deadline - performance.now()),
    );
    try {
      const ctx: ForwardContext = { ...hookCtx, signal: ac.signal, deadline };
      const frozen = snapshotFrozen(def, body);
      const hashed = hs === body ? undefined : hashedPrimitives(def, body);
      const result = await ac.race(route.forward(body, ctx));
      if (isAsyncIterable(result)) {
        streaming = true;
        sendStream(reply, def, body, result, ac, t0, () => {
          clearTimeout(timer);
          release();
        });
        return;
      }
      const out = mergeResult(def, body, (result as Synapse<FieldShape> | undefined) ?? body, frozen);
      // Unchanged hashed fields: the body hash is the one just verified against the header.
      const known = sameHashed(def, out, hashed) ? (hs.computed_body_hash ?? undefined) : undefined;
      sendSynapse(req, reply, def, out, t0, known);
    } finally {
      if (!streaming) {
        clearTimeout(timer);
        release();
      }
    }
  }

  #fail(
    req: FastifyRequest,
    reply: FastifyReply,
    def: SynapseDefinition<FieldShape, unknown>,
    hs: Synapse<FieldShape> | undefined,
    err: unknown,
    t0: number,
  ): void {
    let status = 500;
    let message = `Internal Server Error #${req.id}`;
    const exposed = err instanceof RequestRejected ? err.status : exposedStatus(err);
    if (exposed !== undefined) {
      status = exposed;
      message = (err as Error).message;
      if (status >= 500) req.log.warn({ status, msg: message }, 'request failed');
      else req.log.debug({ status, msg: message }, 'request refused');
    } else {
      req.log.error({ err }, 'forward failed');
    }
    if (reply.sent || reply.raw.headersSent) return;
    const processTime = (performance.now() - t0) / 1000;
    if (!hs) {
      sendBareError(reply, status, message, processTime);
      return;
    }
    hs.axon.status_code = status;
    hs.axon.status_message = message;
    hs.axon.process_time = processTime;
    if (this.#opts.signErrors !== false && this.#signer && this.#errorSignatures.take('') === 0) {
      const m = axonSignedMessage({
        nonce: hs.axon.nonce ?? 0n,
        dendriteHotkey: hs.dendrite.hotkey ?? 'None',
        axonHotkey: hs.axon.hotkey ?? 'None',
        uuid: this.uuid,
      });
      hs.axon.signature = signatureToHex(this.#signer.sign(m));
    }
    sendSynapseError(reply, def, hs, status, message);
  }
}
