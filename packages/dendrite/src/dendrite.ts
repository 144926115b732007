/**
 * The validator's HTTP client. One undici Agent per Dendrite (keep-alive pools per axon, bounded), strictly
 * increasing nonces across every target, Python-compatible requests and response merging, Python's error statuses.
 *
 * ```ts
 * const dendrite = new Dendrite({ signer: await Keypair.fromUri('//Alice') });
 * const results = await dendrite.forward(metagraph.axons, Dummy, { input: 5 }, { timeout: 12, deserialize: false });
 * for (const s of results) console.log(s.dendrite.status_code, s.output);
 * await dendrite.close();
 * ```
 */
import { performance } from 'node:perf_hooks';
import {
  bodyHash,
  type FieldShape,
  NonceGenerator,
  PROTOCOL_VERSION,
  type Synapse,
  type SynapseDefinition,
  type SynapseInput,
  V_7_2_0,
} from '@subnetkit/synapse';
import type { AsyncSigner, Signer, SigningPoolOptions } from '@subnetkit/wallet';
import { Agent, type Dispatcher } from 'undici';
import { type AxonTarget, type ResolvedTarget, resolveTarget } from './axon-target.js';
import { DendriteError } from './errors.js';
import { mapFailure, unavailableFailure } from './failure.js';
import { type FramingFactory, textFraming } from './framing.js';
import {
  type BodyFormat,
  beginRequest,
  finishRequest,
  type PreparedRequest,
  prepareRequest,
  type RequestContext,
  type Scheme,
} from './request.js';
import {
  decodeBody,
  headerValue,
  mediaType,
  mergeHeaders,
  mergeResponse,
  type ResponseHeaders,
  terminalHeaderList,
} from './response.js';
import { Semaphore } from './semaphore.js';
import { type ForwardSplit, SignSplit } from './sign-split.js';
import { UnaryExchange } from './unary-exchange.js';
import { uuid1 } from './uuid1.js';

/** Anything that yields the hotkey signer (a `Wallet` from @subnetkit/wallet). */
export interface HotkeySource {
  getHotkey(): Promise<Signer>;
}

export interface DendriteOptions {
  /** The hotkey that signs requests. Give this or `wallet`. */
  signer?: Signer;
  /** A wallet whose hotkey is loaded on first use. */
  wallet?: HotkeySource;
  /** Sent as `dendrite.ip`. No lookup is made; default `127.0.0.1`. */
  externalIp?: string;
  /** `dendrite.version`; must be ≥ 7002000 so axons apply the time-window nonce rule. Default 10002000. */
  version?: number;
  /** Default per-call timeout in seconds (Python: 12). */
  timeout?: number;
  /** `bittensor` (bt_header_* signature, what Python axons speak) or `epistula` (Epistula v2 headers). */
  scheme?: Scheme;
  /** `json` (Python-compatible) or `msgpack` (subnetkit axons only). */
  bodyFormat?: BodyFormat;
  /** Most TCP connections kept to one axon. Default 8. */
  connectionsPerAxon?: number;
  /** Most distinct axons with a live pool at once. Default 65536. */
  maxAxons?: number;
  /** How long an idle keep-alive connection is kept, ms. Default 15000 (aiohttp's). */
  keepAliveTimeoutMs?: number;
  /** Most requests in flight at once across all axons. Default 4096. */
  maxInFlight?: number;
  /** Most requests waiting for an in-flight slot; beyond it a call throws `OVERLOADED`. Default 65536. */
  maxQueued?: number;
  /** Largest response body accepted, bytes (a larger one is a 422). Default 64 MiB. */
  maxResponseBytes?: number;
  /**
   * Worker threads that sign requests when the signer is a wallet `Keypair` (its `parallelSigner`), so a large
   * forward's ~0.2–0.4 ms per signature is spread over the cores instead of running on the event loop. 0 signs on
   * the main thread. Default: one per core (1 to 4). A signer that already has `signAsync` (a `SigningPool`) is
   * used as given.
   */
  signingThreads?: number;
}

/** The pool a Dendrite makes for itself (`Keypair.parallelSigner`). */
interface OwnPool extends AsyncSigner {
  close(): Promise<void>;
  warm?(): Promise<void>;
  /** Workers loaded and signing. */
  readonly readyWorkers?: number;
}

/** A `Keypair` (or anything) that can make a worker-thread signing pool for its key. */
interface PoolableSigner extends Signer {
  parallelSigner(options?: SigningPoolOptions): OwnPool;
}

const hasSignAsync = (s: Signer): s is AsyncSigner => typeof (s as Partial<AsyncSigner>).signAsync === 'function';
const isPoolable = (s: Signer): s is PoolableSigner =>
  typeof (s as Partial<PoolableSigner>).parallelSigner === 'function';

export interface CallOptions {
  /** Seconds for the whole exchange (connect, send, receive), as aiohttp's `ClientTimeout(total=…)`. */
  timeout?: number;
  /** Aborting rejects the call with `DendriteError('ABORTED')`. */
  signal?: AbortSignal;
  /** Apply the definition's `deserialize` hook (default true, like Python). */
  deserialize?: boolean;
  scheme?: Scheme;
  bodyFormat?: BodyFormat;
}

export interface StreamOptions<C, S extends FieldShape> extends CallOptions {
  /** How raw chunks become items; default UTF-8 text. */
  framing?: FramingFactory<C, S>;
}

const DEFAULTS = {
  externalIp: '127.0.0.1',
  timeout: 12,
  connectionsPerAxon: 8,
  maxAxons: 65_536,
  keepAliveTimeoutMs: 15_000,
  maxInFlight: 4096,
  maxQueued: 65_536,
  maxResponseBytes: 64 * 1024 * 1024,
};

/** The failure behind a non-200 status set by the dendrite itself (timeout, refused, unparsable), if any. */
export function failureCause(synapse: object): DendriteError | undefined {
  const c = (synapse as { cause?: unknown }).cause;
  return c instanceof DendriteError ? c : undefined;
}

function attachCause(synapse: object, err: DendriteError): void {
  // Non-enumerable: it never reaches a JSON body, a log line that serialises the synapse, or a copy.
  Object.defineProperty(synapse, 'cause', { value: err, enumerable: false, configurable: true, writable: true });
}

function positive(name: string, v: number | undefined, dflt: number, integer = true): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v)))
    throw new DendriteError(
      'INVALID_OPTION',
      `${name} must be a positive ${integer ? 'integer' : 'number'}, got ${String(v)}`,
    );
  return v;
}

function checkScheme(v: unknown): Scheme {
  if (v === 'bittensor' || v === 'epistula') return v;
  throw new DendriteError('INVALID_OPTION', `scheme must be 'bittensor' or 'epistula', got ${String(v)}`);
}

function checkFormat(v: unknown): BodyFormat {
  if (v === 'json' || v === 'msgpack') return v;
  throw new DendriteError('INVALID_OPTION', `bodyFormat must be 'json' or 'msgpack', got ${String(v)}`);
}

async function readBody(body: Dispatcher.ResponseData['body'], limit: number): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw new DendriteError('PARSE', `response body exceeds ${limit} bytes`, { status: 422 });
    }
    parts.push(chunk as Buffer);
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
}

interface Exchange {
  response: Dispatcher.ResponseData;
  /** Set once the body was read to its end: nothing is left to tear down. */
  complete: boolean;
  finish(): void;
}

// One shared reason for tearing down an unfinished exchange: creating an Error per request costs a stack capture.
const FINISHED_EARLY = new DendriteError('ABORTED', 'exchange finished before its body was read');

export class Dendrite {
  /** `str(uuid.uuid1())`, once per instance: with the hotkey it keys the axon's nonce store. */
  readonly uuid: string;
  readonly externalIp: string;
  readonly version: number;
  readonly #opts: typeof DEFAULTS & { scheme: Scheme; bodyFormat: BodyFormat };
  readonly #agent: Agent;
  readonly #nonces = new NonceGenerator();
  readonly #slots: Semaphore;
  #signer: Signer | undefined;
  /** Signs off the main thread when set: the caller's own `signAsync`, or a pool this Dendrite made (and closes). */
  #asyncSigner: AsyncSigner | undefined;
  #ownPool: OwnPool | undefined;
  /** Settles when the own pool's workers have loaded. */
  #warm: Promise<void> | undefined;
  readonly #signingThreads: number | undefined;
  readonly #split = new SignSplit();
  #signerPromise: Promise<Signer> | undefined;
  #closed = false;

  constructor(options: DendriteOptions) {
    if (!options || (!options.signer && !options.wallet))
      throw new DendriteError('INVALID_OPTION', 'a Dendrite needs a signer (hotkey Keypair) or a wallet');
    if (options.signer) {
      const s = options.signer;
      if (typeof s.address !== 'string' || typeof s.sign !== 'function')
        throw new DendriteError('INVALID_OPTION', 'signer must have an SS58 address and a sign(message) method');
    } else {
      const w = options.wallet!;
      if (typeof w.getHotkey !== 'function')
        throw new DendriteError('INVALID_OPTION', 'wallet must have getHotkey() (a @subnetkit/wallet Wallet)');
      this.#signerPromise = undefined;
      this.#walletSource = w;
    }
    const externalIp = options.externalIp ?? DEFAULTS.externalIp;
    if (typeof externalIp !== 'string' || externalIp.length === 0)
      throw new DendriteError('INVALID_OPTION', 'externalIp must be a non-empty string');
    const version = options.version ?? PROTOCOL_VERSION;
    if (!Number.isInteger(version) || version < V_7_2_0 || version > 2 ** 31 - 1)
      throw new DendriteError(
        'INVALID_OPTION',
        `version must be an int32 ≥ ${V_7_2_0} (below it Python axons use the replayable legacy nonce rule), got ${version}`,
      );
    if (
      options.signingThreads !== undefined &&
      (!Number.isInteger(options.signingThreads) || options.signingThreads < 0)
    )
      throw new DendriteError(
        'INVALID_OPTION',
        `signingThreads must be an integer ≥ 0, got ${String(options.signingThreads)}`,
      );
    this.#signingThreads = options.signingThreads;
    if (options.signer) this.#useSigner(options.signer);
    this.externalIp = externalIp;
    this.version = version;
    this.#opts = {
      externalIp,
      timeout: positive('timeout', options.timeout, DEFAULTS.timeout, false),
      connectionsPerAxon: positive('connectionsPerAxon', options.connectionsPerAxon, DEFAULTS.connectionsPerAxon),
      maxAxons: positive('maxAxons', options.maxAxons, DEFAULTS.maxAxons),
      keepAliveTimeoutMs: positive('keepAliveTimeoutMs', options.keepAliveTimeoutMs, DEFAULTS.keepAliveTimeoutMs),
      maxInFlight: positive('maxInFlight', options.maxInFlight, DEFAULTS.maxInFlight),
      maxQueued: positive('maxQueued', options.maxQueued, DEFAULTS.maxQueued),
      maxResponseBytes: positive('maxResponseBytes', options.maxResponseBytes, DEFAULTS.maxResponseBytes),
      scheme: checkScheme(options.scheme ?? 'bittensor'),
      bodyFormat: checkFormat(options.bodyFormat ?? 'json'),
    };
    this.uuid = uuid1();
    this.#slots = new Semaphore(this.#opts.maxInFlight, this.#opts.maxQueued);
    this.#agent = new Agent({
      connections: this.#opts.connectionsPerAxon,
      maxOrigins: this.#opts.maxAxons,
      pipelining: 1,
      keepAliveTimeout: this.#opts.keepAliveTimeoutMs,
      keepAliveMaxTimeout: this.#opts.keepAliveTimeoutMs,
      // The per-call timeout covers the whole exchange; undici's own phase timeouts only back it up.
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: { timeout: 60_000 },
    });
  }

  #walletSource: HotkeySource | undefined;

  #useSigner(s: Signer): void {
    this.#signer = s;
    if (this.#signingThreads === 0) return;
    if (hasSignAsync(s)) this.#asyncSigner = s;
    else if (isPoolable(s)) {
      // callerBatches 0: the Dendrite decides what it signs itself (#signedHere) and sends each of those requests
      // as soon as it is signed; the pool's workers get only the rest.
      const pool = s.parallelSigner({
        callerBatches: 0,
        ...(this.#signingThreads === undefined ? {} : { threads: this.#signingThreads }),
      });
      // The workers load in the background now, so the first forward already finds them ready.
      this.#warm = pool.warm?.();
      this.#asyncSigner = pool;
      this.#ownPool = pool;
    }
  }

  /** The dendrite's hotkey address (undefined until a wallet's hotkey has loaded). */
  get hotkey(): string | undefined {
    return this.#signer?.address;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Requests in flight and waiting for a slot. */
  get load(): { inFlight: number; queued: number } {
    return { inFlight: this.#slots.active, queued: this.#slots.queued };
  }

  /**
   * Resolves once the dendrite can sign at full speed: the wallet hotkey loaded (once) and the signing workers
   * started. Optional: calls made earlier wait for the hotkey and sign on the event loop until the workers are up.
   */
  async ready(): Promise<Signer> {
    const signer = await this.#loadSigner();
    await this.#warm;
    return signer;
  }

  async #loadSigner(): Promise<Signer> {
    if (this.#signer) return this.#signer;
    this.#signerPromise ??= this.#walletSource!.getHotkey().then((s) => {
      if (this.#closed)
        this.#signer = s; // no pool for a closed Dendrite: nothing would close it
      else this.#useSigner(s);
      return s;
    });
    return this.#signerPromise;
  }

  #assertOpen(): void {
    if (this.#closed) throw new DendriteError('CLOSED', 'this Dendrite is closed');
  }

  #timeout(options: CallOptions | undefined): number {
    return positive('timeout', options?.timeout, this.#opts.timeout, false);
  }

  /**
   * One request to one axon. The synapse is copied (the caller's object is not changed); failures come back as a
   * status on the synapse (408, 503, 422 …) with the cause attached (`failureCause`). Returns the definition's
   * `deserialize` value unless `deserialize: false`.
   */
  call<S extends FieldShape, D>(
    axon: AxonTarget,
    def: SynapseDefinition<S, D>,
    input: SynapseInput<S>,
    options: CallOptions & { deserialize: false },
  ): Promise<Synapse<S>>;
  call<S extends FieldShape, D>(
    axon: AxonTarget,
    def: SynapseDefinition<S, D>,
    input?: SynapseInput<S>,
    options?: CallOptions & { deserialize?: true },
  ): Promise<D>;
  call<S extends FieldShape, D>(
    axon: AxonTarget,
    def: SynapseDefinition<S, D>,
    input?: SynapseInput<S>,
    options?: CallOptions,
  ): Promise<D | Synapse<S>>;
  async call<S extends FieldShape, D>(
    axon: AxonTarget,
    def: SynapseDefinition<S, D>,
    input?: SynapseInput<S>,
    options?: CallOptions,
  ): Promise<D | Synapse<S>> {
    this.#assertOpen();
    const timeout = this.#timeout(options);
    const target = resolveTarget(axon, this.externalIp);
    const synapse = def.create((input ?? {}) as SynapseInput<S>);
    const done = await this.#unary(def, synapse, target, timeout, options, undefined, true, undefined);
    return options?.deserialize === false ? done : def.deserialize(done);
  }

  /**
   * The same synapse to many axons, concurrently over one connection pool; results in the order of `axons`. Every
   * axon gets its own copy. Addresses are checked before anything is sent.
   */
  forward<S extends FieldShape, D>(
    axons: readonly AxonTarget[],
    def: SynapseDefinition<S, D>,
    input: SynapseInput<S>,
    options: CallOptions & { deserialize: false },
  ): Promise<Synapse<S>[]>;
  forward<S extends FieldShape, D>(
    axons: readonly AxonTarget[],
    def: SynapseDefinition<S, D>,
    input?: SynapseInput<S>,
    options?: CallOptions & { deserialize?: true },
  ): Promise<D[]>;
  forward<S extends FieldShape, D>(
    axons: readonly AxonTarget[],
    def: SynapseDefinition<S, D>,
    input?: SynapseInput<S>,
    options?: CallOptions,
  ): Promise<(D | Synapse<S>)[]>;
  async forward<S extends FieldShape, D>(
    axons: readonly AxonTarget[],
    def: SynapseDefinition<S, D>,
    input?: SynapseInput<S>,
    options?: CallOptions,
  ): Promise<(D | Synapse<S>)[]> {
    this.#assertOpen();
    if (!Array.isArray(axons)) throw new DendriteError('INVALID_AXON', 'forward takes an array of axons');
    const timeout = this.#timeout(options);
    const targets = axons.map((a, i) => resolveTarget(a, this.externalIp, `axons[${i}]`));
    const template = def.create((input ?? {}) as SynapseInput<S>);
    // Hashed fields are the same in every copy: hash once.
    const hash = bodyHash(def, template);
    if (!this.#signer) await this.#loadSigner();
    const here = this.#signedHere(targets.length);
    // Split between this thread and the pool (sign-split.ts). Nonces are taken before the gate, in the order of
    // `axons`, so the requests signed here (sent first) carry the lower nonces, as an axon's per-dendrite nonce
    // order wants.
    const split = here < targets.length ? this.#split.begin(here, targets.length) : undefined;
    const pending = targets.map((t, i) =>
      this.#unary(def, def.copy(template), t, timeout, options, hash, i < here, split),
    );
    if (split) queueMicrotask(() => split.open());
    const results = await Promise.all(pending);
    return options?.deserialize === false ? results : results.map((s) => def.deserialize(s));
  }

  /**
   * A streaming call: yields the decoded chunks as they arrive, then, last, the completed synapse (deserialized
   * unless `deserialize: false`), as Python's `call_stream`. On failure the last item carries the error status.
   * Breaking out of the loop aborts the request.
   */
  async *stream<S extends FieldShape, D, C = string>(
    axon: AxonTarget,
    def: SynapseDefinition<S, D>,
    input?: SynapseInput<S>,
    options?: StreamOptions<C, S>,
  ): AsyncGenerator<C | D | Synapse<S>, void, undefined> {
    this.#assertOpen();
    const timeout = this.#timeout(options);
    const target = resolveTarget(axon, this.externalIp);
    const local = def.create((input ?? {}) as SynapseInput<S>);
    const framing = (options?.framing ?? (textFraming() as unknown as FramingFactory<C, S>))();
    const t0 = performance.now();
    const state = { timedOut: false };
    let exchange: Exchange | undefined;
    await this.#acquire();
    try {
      try {
        if (target.notServing) throw unavailableFailure(target, def.name);
        const prepared = await this.#prepare(def, local, target, await this.#context(timeout, options), true);
        exchange = await this.#send(prepared, target, timeout, options?.signal, state);
        const { response } = exchange;
        const type = mediaType(response.headers as ResponseHeaders);
        if (response.statusCode === 200 && type !== 'application/json' && type !== 'application/msgpack') {
          for await (const chunk of response.body) {
            for (const item of framing.decode(chunk as Uint8Array)) {
              framing.collect?.(local, item);
              yield item;
            }
          }
          exchange.complete = true;
          for (const item of framing.flush?.() ?? []) {
            framing.collect?.(local, item);
            yield item;
          }
          mergeHeaders(local, terminalHeaderList(response.headers as ResponseHeaders));
        } else {
          const bytes = await readBody(response.body, this.#opts.maxResponseBytes);
          exchange.complete = true;
          const headers = response.headers as ResponseHeaders;
          const decoded = decodeBody(headerValue(headers, 'content-type'), bytes, true);
          mergeResponse(def, local, response.statusCode, terminalHeaderList(headers), decoded);
        }
        local.dendrite.process_time = (performance.now() - t0) / 1000;
      } catch (err) {
        this.#fail(local, err, state.timedOut, timeout, target, def.name, options?.signal);
      }
    } finally {
      exchange?.finish();
      this.#slots.release();
    }
    yield options?.deserialize === false ? local : def.deserialize(local);
  }

  /**
   * Closes the connection pool after the requests in flight finish. Later calls throw `CLOSED`. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#agent.close();
    await this.#ownPool?.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * How many of a forward's `n` requests this thread signs (the first ones): all of them without a pool or with
   * its workers still loading; otherwise the adaptive split's share (sign-split.ts). A caller's own AsyncSigner
   * signs everything.
   */
  #signedHere(n: number): number {
    const pool = this.#asyncSigner;
    if (!pool) return n;
    if (pool !== this.#ownPool) return 0;
    return this.#split.signedHere(n, this.#ownPool.readyWorkers ?? 1);
  }

  async #acquire(): Promise<void> {
    const wait = this.#slots.acquire();
    if (wait) await wait;
  }

  /**
   * Fills, signs and serialises a request. With a signing pool the signatures come from its workers, and meanwhile
   * the event loop builds and sends the other requests of a forward.
   */
  async #prepare<S extends FieldShape>(
    def: SynapseDefinition<S, unknown>,
    local: Synapse<S>,
    target: ResolvedTarget,
    ctx: RequestContext,
    signHere: boolean,
  ): Promise<PreparedRequest<S>> {
    const pool = this.#asyncSigner;
    // A caller's own AsyncSigner gets every message; the Dendrite's own pool only those it is not signing itself.
    if (!pool || (signHere && pool === this.#ownPool)) return prepareRequest(def, local, target, ctx);
    const unsigned = beginRequest(def, local, target, ctx);
    const { messages } = unsigned;
    const signatures =
      messages.length === 1
        ? [await pool.signAsync(messages[0]!)]
        : await Promise.all(messages.map((m) => pool.signAsync(m)));
    return finishRequest(def, local, ctx, unsigned, signatures);
  }

  async #context(timeout: number, options: CallOptions | undefined, bodyHash?: string): Promise<RequestContext> {
    return this.#contextFor(this.#signer ?? (await this.#loadSigner()), timeout, options, bodyHash);
  }

  /** The request context once the signer is known (no await: a forward builds hundreds of these). */
  #contextFor(
    signer: Signer,
    timeout: number,
    options: CallOptions | undefined,
    bodyHash: string | undefined,
  ): RequestContext {
    const ctx: RequestContext = {
      signer,
      uuid: this.uuid,
      externalIp: this.externalIp,
      version: this.version,
      nonce: this.#nonces.next(),
      timeout,
      bodyFormat: options?.bodyFormat ? checkFormat(options.bodyFormat) : this.#opts.bodyFormat,
      scheme: options?.scheme ? checkScheme(options.scheme) : this.#opts.scheme,
    };
    if (bodyHash !== undefined) ctx.bodyHash = bodyHash;
    return ctx;
  }

  async #send<S extends FieldShape>(
    prepared: PreparedRequest<S>,
    target: ResolvedTarget,
    timeout: number,
    signal: AbortSignal | undefined,
    state: { timedOut: boolean; aborted?: boolean },
  ): Promise<Exchange> {
    signal?.throwIfAborted();
    const controller = new AbortController();
    let finished = false;
    const timer = setTimeout(() => {
      // Expired timers run before pending I/O in Node's loop: after a long synchronous stretch (signing a large
      // forward) an answer that already arrived would lose to its timer. One more turn lets that I/O land first.
      setImmediate(() => {
        if (finished) return;
        state.timedOut = true;
        controller.abort(new DendriteError('TIMEOUT', `no complete answer within ${timeout} s`, { status: 408 }));
      });
    }, timeout * 1000);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const exchange: Exchange = {
      response: undefined as unknown as Dispatcher.ResponseData,
      complete: false,
      finish: () => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        // An unfinished body (a consumer that stopped early, an error) is torn down, never left holding a socket.
        if (!exchange.complete && !controller.signal.aborted) controller.abort(FINISHED_EARLY);
      },
    };
    try {
      const response = await this.#agent.request({
        origin: target.origin,
        path: prepared.path,
        method: 'POST',
        headers: prepared.headers,
        body: prepared.body,
        signal: controller.signal,
      });
      exchange.response = response;
      return exchange;
    } catch (err) {
      exchange.finish();
      throw err;
    }
  }

  async #unary<S extends FieldShape>(
    def: SynapseDefinition<S, unknown>,
    local: Synapse<S>,
    target: ResolvedTarget,
    timeout: number,
    options: CallOptions | undefined,
    hash: string | undefined,
    signHere: boolean,
    split: ForwardSplit | undefined,
  ): Promise<Synapse<S>> {
    const t0 = performance.now();
    let exchange: UnaryExchange | undefined;
    const wait = this.#slots.acquire();
    if (wait) await wait;
    try {
      if (target.notServing) throw unavailableFailure(target, def.name);
      const ctx = this.#signer
        ? this.#contextFor(this.#signer, timeout, options, hash)
        : await this.#context(timeout, options, hash);
      if (signHere && split) await split.gate;
      // Signed here: no await between the signature and the send.
      const prepared =
        signHere && (!this.#asyncSigner || this.#asyncSigner === this.#ownPool)
          ? prepareRequest(def, local, target, ctx)
          : await this.#prepare(def, local, target, ctx, signHere);
      if (split && !signHere) split.signedOnPool();
      options?.signal?.throwIfAborted();
      exchange = new UnaryExchange(
        this.#agent,
        { origin: target.origin, path: prepared.path, headers: prepared.headers, body: prepared.body },
        this.#opts.maxResponseBytes,
        timeout,
        options?.signal,
      );
      if (split && signHere) split.signedHere();
      const response = await exchange.done;
      const decoded = decodeBody(response.contentType, response.body, ctx.bodyFormat === 'msgpack');
      mergeResponse(def, local, response.statusCode, response.terminal, decoded);
      local.dendrite.process_time = (performance.now() - t0) / 1000;
    } catch (err) {
      this.#fail(local, err, exchange?.timedOut ?? false, timeout, target, def.name, options?.signal);
    } finally {
      this.#slots.release();
    }
    return local;
  }

  #fail(
    local: Synapse<FieldShape>,
    err: unknown,
    timedOut: boolean,
    timeout: number,
    target: ResolvedTarget,
    name: string,
    signal: AbortSignal | undefined,
  ): void {
    if (signal?.aborted && !timedOut)
      throw new DendriteError('ABORTED', `call to ${target.ip}:${target.port}/${name} was aborted`, {
        cause: signal.reason,
      });
    if (err instanceof DendriteError && (err.code === 'INVALID_OPTION' || err.code === 'CLOSED')) throw err;
    const failure = mapFailure(err, { timedOut, timeout, target, name });
    local.dendrite.status_code = failure.status ?? 422;
    local.dendrite.status_message = failure.message;
    attachCause(local, failure);
  }
}
