/**
 * What signs a Dendrite's requests, and on which thread: the hotkey (given, or loaded once from a wallet), the
 * signing pool the Dendrite makes for a wallet `Keypair` (its workers; closed with the Dendrite) or a caller's own
 * `AsyncSigner`, and the adaptive split of a forward between this thread and the pool (sign-split.ts).
 */
import type { FieldShape, Synapse, SynapseDefinition } from '@subnetkit/synapse';
import type { AsyncSigner, Signer, SigningPoolOptions } from '@subnetkit/wallet';
import type { ResolvedTarget } from './axon-target.js';
import type { HotkeySource } from './options.js';
import { beginRequest, finishRequest, type PreparedRequest, prepareRequest, type RequestContext } from './request.js';
import { type ForwardSplit, SignSplit } from './sign-split.js';

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

export class RequestSigning {
  #signer: Signer | undefined;
  readonly #wallet: HotkeySource | undefined;
  #signerPromise: Promise<Signer> | undefined;
  /** Signs off this thread when set: the caller's own `signAsync`, or the pool made here (and closed here). */
  #asyncSigner: AsyncSigner | undefined;
  #ownPool: OwnPool | undefined;
  /** Settles when the own pool's workers have loaded. */
  #warm: Promise<void> | undefined;
  readonly #threads: number | undefined;
  readonly #split = new SignSplit();
  #closed = false;

  /** `threads`: the pool's worker count (0: sign on this thread; undefined: the pool's default). */
  constructor(signer: Signer | undefined, wallet: HotkeySource | undefined, threads: number | undefined) {
    this.#threads = threads;
    this.#wallet = wallet;
    if (signer) this.#use(signer);
  }

  #use(s: Signer): void {
    this.#signer = s;
    if (this.#threads === 0) return;
    if (hasSignAsync(s)) this.#asyncSigner = s;
    else if (isPoolable(s)) {
      // callerBatches 0: this side decides what it signs itself (signedHere) and sends each of those requests as
      // soon as it is signed; the pool's workers get only the rest.
      const pool = s.parallelSigner({
        callerBatches: 0,
        ...(this.#threads === undefined ? {} : { threads: this.#threads }),
      });
      // The workers load in the background now, so the first forward already finds them ready.
      this.#warm = pool.warm?.();
      this.#asyncSigner = pool;
      this.#ownPool = pool;
    }
  }

  /** The signer once known (a wallet's hotkey loads on first use). */
  get signer(): Signer | undefined {
    return this.#signer;
  }

  /** The signer, loading the wallet's hotkey once. */
  load(): Promise<Signer> {
    if (this.#signer) return Promise.resolve(this.#signer);
    this.#signerPromise ??= this.#wallet!.getHotkey().then((s) => {
      if (this.#closed)
        this.#signer = s; // no pool once closed: nothing would close it
      else this.#use(s);
      return s;
    });
    return this.#signerPromise;
  }

  /** The signer, once the pool's workers (if any) have loaded too. */
  async ready(): Promise<Signer> {
    const signer = await this.load();
    await this.#warm;
    return signer;
  }

  /**
   * How many of a forward's `n` requests this thread signs (the first ones): all of them without a pool or with
   * its workers still loading; otherwise the adaptive split's share. A caller's own AsyncSigner signs everything.
   */
  signedHere(n: number): number {
    const pool = this.#asyncSigner;
    if (!pool) return n;
    if (pool !== this.#ownPool) return 0;
    return this.#split.signedHere(n, this.#ownPool.readyWorkers ?? 1);
  }

  /** The tracker of a forward split `here` / `n` (see sign-split.ts). */
  split(here: number, n: number): ForwardSplit {
    return this.#split.begin(here, n);
  }

  /**
   * Fills, signs and serialises a request: at once (no await between the signature and the caller's send) when
   * it is signed on this thread, else once the pool's signatures arrive.
   */
  prepare<S extends FieldShape>(
    def: SynapseDefinition<S, unknown>,
    local: Synapse<S>,
    target: ResolvedTarget,
    ctx: RequestContext,
    signHere: boolean,
  ): PreparedRequest<S> | Promise<PreparedRequest<S>> {
    const pool = this.#asyncSigner;
    // A caller's own AsyncSigner gets every message; the own pool only those not signed here.
    if (!pool || (signHere && pool === this.#ownPool)) return prepareRequest(def, local, target, ctx);
    return this.#prepareOn(pool, def, local, target, ctx);
  }

  async #prepareOn<S extends FieldShape>(
    pool: AsyncSigner,
    def: SynapseDefinition<S, unknown>,
    local: Synapse<S>,
    target: ResolvedTarget,
    ctx: RequestContext,
  ): Promise<PreparedRequest<S>> {
    const unsigned = beginRequest(def, local, target, ctx);
    const { messages } = unsigned;
    const signatures =
      messages.length === 1
        ? [await pool.signAsync(messages[0]!)]
        : await Promise.all(messages.map((m) => pool.signAsync(m)));
    return finishRequest(def, local, ctx, unsigned, signatures);
  }

  /** Ends the own pool's workers (a caller's AsyncSigner stays theirs). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#ownPool?.close();
  }
}
