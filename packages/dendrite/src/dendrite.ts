/**
 * The validator's HTTP client. One undici Agent per Dendrite (keep-alive pools per axon, bounded), strictly
 * increasing nonces across every target, Python-compatible requests and response merging, Python's error statuses.
 * The parts: options.ts (options and defaults), request-signing.ts (who signs, on which thread), unary-call.ts and
 * stream-call.ts (one call each), exchange-deadline.ts (their timeout and abort), synapse-failure.ts (a failure as
 * a status).
 *
 * ```ts
 * const dendrite = new Dendrite({ signer: await Keypair.fromUri('//Alice') });
 * const results = await dendrite.forward(metagraph.axons, Dummy, { input: 5 }, { timeout: 12, deserialize: false });
 * for (const s of results) console.log(s.dendrite.status_code, s.output);
 * await dendrite.close();
 * ```
 */
import { bodyHash, type FieldShape, type Synapse, type SynapseDefinition, type SynapseInput } from '@subnetkit/synapse';
import type { Signer } from '@subnetkit/wallet';
import { Agent } from 'undici';
import { type AxonTarget, resolveTarget } from './axon-target.js';
import { CallSite } from './call-site.js';
import { DendriteError } from './errors.js';
import { type FramingFactory, textFraming } from './framing.js';
import {
  type CallOptions,
  callTimeoutS,
  type DendriteOptions,
  type ResolvedDendriteOptions,
  resolveDendriteOptions,
  type StreamOptions,
} from './options.js';
import { RequestSigning } from './request-signing.js';
import { Semaphore } from './semaphore.js';
import { streamCall } from './stream-call.js';
import { unaryCall } from './unary-call.js';
import { uuid1 } from './uuid1.js';

// Kept here too: tests and older imports reach it through this module.
export { failureCause } from './synapse-failure.js';

export class Dendrite {
  /** `str(uuid.uuid1())`, once per instance: with the hotkey it keys the axon's nonce store. */
  readonly uuid: string;
  readonly externalIp: string;
  readonly version: number;
  readonly #opts: ResolvedDendriteOptions;
  readonly #agent: Agent;
  readonly #slots: Semaphore;
  readonly #signing: RequestSigning;
  readonly #site: CallSite;
  #closed = false;

  constructor(options: DendriteOptions) {
    const opts = resolveDendriteOptions(options);
    this.#opts = opts;
    this.externalIp = opts.externalIp;
    this.version = opts.version;
    this.uuid = uuid1();
    this.#signing = new RequestSigning(opts.signer, opts.wallet, opts.signingThreads);
    this.#slots = new Semaphore(opts.maxInFlight, opts.maxQueued);
    this.#agent = new Agent({
      connections: opts.connectionsPerAxon,
      maxOrigins: opts.maxAxons,
      pipelining: 1,
      keepAliveTimeout: opts.keepAliveTimeoutMs,
      keepAliveMaxTimeout: opts.keepAliveTimeoutMs,
      // The per-call timeout covers the whole exchange; undici's own phase timeouts only back it up.
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: { timeout: 60_000 },
    });
    this.#site = new CallSite(this.#agent, this.#slots, this.#signing, opts, this.uuid);
  }

  /** The dendrite's hotkey address (undefined until a wallet's hotkey has loaded). */
  get hotkey(): string | undefined {
    return this.#signing.signer?.address;
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
  ready(): Promise<Signer> {
    return this.#signing.ready();
  }

  #assertOpen(): void {
    if (this.#closed) throw new DendriteError('DENDRITE_CLOSED', 'this Dendrite is closed');
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
    const timeout = callTimeoutS(options, this.#opts.timeoutS);
    const target = resolveTarget(axon, this.externalIp);
    const synapse = def.create((input ?? {}) as SynapseInput<S>);
    const done = await unaryCall(this.#site, def, synapse, target, {
      timeout,
      options,
      hash: undefined,
      signHere: true,
      split: undefined,
    });
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
    if (!Array.isArray(axons)) throw new DendriteError('DENDRITE_INVALID_AXON', 'forward takes an array of axons');
    const timeout = callTimeoutS(options, this.#opts.timeoutS);
    const targets = axons.map((a, i) => resolveTarget(a, this.externalIp, `axons[${i}]`));
    const template = def.create((input ?? {}) as SynapseInput<S>);
    // Hashed fields are the same in every copy: hash once.
    const hash = bodyHash(def, template);
    if (!this.#signing.signer) await this.#signing.load();
    const n = targets.length;
    const here = this.#signing.signedHere(n);
    // Split between this thread and the pool (sign-split.ts). Nonces are taken before the gate, in the order of
    // `axons`, so the requests signed here (sent first) carry the lower nonces, as an axon's per-dendrite nonce
    // order wants.
    const split = here < n ? this.#signing.split(here, n) : undefined;
    const pending = targets.map((t, i) =>
      unaryCall(this.#site, def, def.copy(template), t, { timeout, options, hash, signHere: i < here, split }),
    );
    // Queued after the pool's flush (a microtask queued by the first signAsync above).
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
    const timeout = callTimeoutS(options, this.#opts.timeoutS);
    const target = resolveTarget(axon, this.externalIp);
    const local = def.create((input ?? {}) as SynapseInput<S>);
    const framing = (options?.framing ?? (textFraming() as unknown as FramingFactory<C, S>))();
    yield* streamCall(this.#site, def, local, target, framing, timeout, options);
    yield options?.deserialize === false ? local : def.deserialize(local);
  }

  /**
   * Closes the connection pool after the requests in flight finish, then the signing workers it started. Later
   * calls throw `CLOSED`. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#agent.close();
    await this.#signing.close();
  }

  /** `await using dendrite = new Dendrite(…)` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
