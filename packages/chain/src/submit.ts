import type { ApiPromise, SubmittableResult } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { EventRecord, ExtrinsicStatus, SignedBlock } from '@polkadot/types/interfaces';
import { bounded, type CallOptions, sleep } from './bounded.js';
import type { ChainClient } from './client.js';
import { isConnectionError } from './client.js';
import { decodePoolError } from './decode-error.js';
import { ChainError } from './errors.js';
import { type ChainEvent, failureOf, toChainEvents } from './events.js';
import { storage } from './metadata.js';
import type { NonceLease } from './nonce.js';
import { assertSignableRuntime, payloadSigner } from './signed-extensions.js';
import { type ChainSigner, toKeyringPair } from './signer.js';

export interface SubmitOptions extends CallOptions {
  /** How long to wait for the transaction to be in a block; default the client's `inclusionTimeoutMs` (60 s). */
  timeoutMs?: number;
  /** Re-sign and resend after a pool refusal that surely did not land (stale/future nonce, priority); default 3. */
  retries?: number;
  /** First backoff between such retries, doubled each time; default 250 ms. */
  backoffMs?: number;
  /** Tip in rao. */
  tip?: bigint;
  /** Mortality in blocks; default 64. */
  mortalBlocks?: number;
}

export interface SubmitResult {
  txHash: string;
  blockHash: string;
  blockNumber: number;
  nonce: number;
  /** The events of this extrinsic (ending with `system.ExtrinsicSuccess`). */
  events: ChainEvent[];
}

type Outcome = { ok: true; result: SubmitResult } | { ok: false; error: unknown };

const RETRIABLE_POOL = new Set(['Stale', 'Future', 'PriorityTooLow', 'AncientBirthBlock', 'ExhaustsResources']);
// How far back to look for a transaction whose status stream was lost: its era can't be longer.
const MAX_SCAN = 256;

/**
 * Signs `call` with `signer`, submits it and resolves when it is in a block, with its events. Failures come back as
 * `ChainError`s: the runtime's dispatch error by name (`SettingWeightsTooFast`...), a pool refusal
 * (`InvalidIpAddress`, `PriorityTooLow`...), `InclusionTimeout`, `Aborted`, `ConnectionLost`.
 *
 * - Nonces come from the client's tracker: no `1010 stale` after a failure, concurrent sends from one key pipeline.
 * - Refusals that surely did not land (stale/future nonce, priority too low...) are retried with backoff.
 * - If the connection drops after sending, the same signed bytes (same nonce, so they can land at most once) are
 *   looked up in recent blocks and resent after the reconnect: the call completes or fails, it never hangs.
 */
export async function submit(
  client: ChainClient,
  call: SubmittableExtrinsic<'promise'>,
  signer: ChainSigner,
  opts: SubmitOptions = {},
): Promise<SubmitResult> {
  const pair = toKeyringPair(signer);
  const what = `${call.method.section}.${call.method.method}`;
  const timeoutMs = opts.timeoutMs ?? client.inclusionTimeoutMs;
  const retries = opts.retries ?? 3;
  // Getting a nonce and signing are bounded like reads; the inclusion timeout starts when the bytes are sent.
  const prep = { timeoutMs: client.requestTimeoutMs, signal: opts.signal };
  let invalidAt: bigint | undefined;
  for (let attempt = 0; ; attempt++) {
    const lease = await acquire(client, pair.address, prep);
    if (invalidAt !== undefined && lease.nonce === invalidAt) {
      // The node dropped it as invalid but the nonce was right: the reason is not the nonce, so don't resend.
      lease.release('unused');
      throw new ChainError('TxInvalid', `${what}: the node dropped the transaction as invalid (nonce ${invalidAt})`, {
        kind: 'pool',
      });
    }
    let tx: SubmittableExtrinsic<'promise'>;
    try {
      const api = client.api;
      assertSignableRuntime(api);
      tx = api.tx(api.createType('Call', call.method.toU8a()));
      const signer = payloadSigner(api.registry, pair);
      await bounded(
        tx.signAsync(pair.address, { signer, nonce: lease.nonce, tip: opts.tip, era: opts.mortalBlocks ?? 64 }),
        `signing ${what}`,
        prep,
      );
    } catch (err) {
      lease.release('unused');
      throw err;
    }
    try {
      return await new Watch(client, tx, lease, what, Date.now() + timeoutMs, timeoutMs, opts.signal).run();
    } catch (err) {
      // An "invalid" status (dropped from the pool) is worth one more try only if the nonce was the problem,
      // e.g. a chain rewound under a counted nonce; the next acquire re-reads it and the check above decides.
      const invalid = err instanceof ChainError && err.code === 'TxInvalid';
      if (invalid) invalidAt = lease.nonce;
      const retriable = err instanceof ChainError && err.kind === 'pool' && (invalid || RETRIABLE_POOL.has(err.code));
      if (!retriable || attempt >= retries) throw err;
      if (!invalid) await sleep((opts.backoffMs ?? 250) * 2 ** attempt, opts.signal);
    }
  }
}

async function acquire(client: ChainClient, address: string, opts: CallOptions): Promise<NonceLease> {
  const pending = client.nonces.acquire(address);
  try {
    return await bounded(pending, `waiting for a nonce for ${address}`, opts);
  } catch (err) {
    // We stopped waiting; give the lease back as soon as it arrives so the queue behind us moves on.
    pending.then((lease) => lease.release('unused')).catch(() => undefined);
    throw err;
  }
}

/** One signed transaction, from submission to a block (or a clear failure). */
class Watch {
  readonly #client: ChainClient;
  readonly #tx: SubmittableExtrinsic<'promise'>;
  readonly #lease: NonceLease;
  readonly #what: string;
  readonly #deadline: number;
  readonly #timeoutMs: number;
  readonly #signal: AbortSignal | undefined;
  readonly #txHash: string;
  readonly #genesis: string;
  #settle!: (o: Outcome) => void;
  #done = false;
  #unsub: (() => void) | undefined;
  #recovering = false;
  #resent = false;
  #cleanups: Array<() => void> = [];

  constructor(
    client: ChainClient,
    tx: SubmittableExtrinsic<'promise'>,
    lease: NonceLease,
    what: string,
    deadline: number,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ) {
    this.#client = client;
    this.#tx = tx;
    this.#lease = lease;
    this.#what = what;
    this.#deadline = deadline;
    this.#timeoutMs = timeoutMs;
    this.#signal = signal;
    this.#txHash = tx.hash.toHex();
    this.#genesis = client.api.genesisHash.toHex();
  }

  async run(): Promise<SubmitResult> {
    const outcome = await new Promise<Outcome>((resolve) => {
      this.#settle = resolve;
      const timer = setTimeout(() => this.#timeout(), Math.max(1, this.#deadline - Date.now()));
      this.#cleanups.push(() => clearTimeout(timer));
      if (this.#signal) {
        const onAbort = () => {
          this.#lease.release('unknown');
          this.#lease.forget();
          this.#finish({
            ok: false,
            error: new ChainError('Aborted', `${this.#what} aborted; it may still be included (tx ${this.#txHash})`, {
              kind: 'connection',
              cause: this.#signal?.reason,
              txHash: this.#txHash,
            }),
          });
        };
        if (this.#signal.aborted) return onAbort();
        this.#signal.addEventListener('abort', onAbort, { once: true });
        this.#cleanups.push(() => this.#signal?.removeEventListener('abort', onAbort));
      }
      this.#cleanups.push(
        this.#client.onConnection((state) => {
          if (state === 'disconnected') this.#lost();
          if (state === 'chain-changed') this.#chainChanged();
        }),
      );
      this.#send();
    });
    if (outcome.ok) return outcome.result;
    throw outcome.error;
  }

  #finish(o: Outcome): void {
    if (this.#done) return;
    this.#done = true;
    for (const c of this.#cleanups) c();
    this.#cleanups = [];
    this.#unsub?.();
    this.#unsub = undefined;
    this.#settle(o);
  }

  #fail(error: unknown): void {
    this.#finish({ ok: false, error });
  }

  #timeout(): void {
    this.#lease.release('unknown');
    this.#lease.forget();
    this.#fail(
      new ChainError(
        'InclusionTimeout',
        `${this.#what} was not in a block after ${this.#timeoutMs} ms; it may still be included later (tx ${this.#txHash})`,
        { kind: 'connection', txHash: this.#txHash },
      ),
    );
  }

  #chainChanged(): void {
    this.#lease.release('unknown');
    this.#lease.forget();
    this.#fail(
      new ChainError(
        'ChainChanged',
        `${this.#what} was lost: the node came back with a different chain (a restarted localnet?); send it again`,
        { kind: 'connection', txHash: this.#txHash },
      ),
    );
  }

  /** Submits the signed bytes and follows their status. Also used to resend the same bytes after a reconnect. */
  #send(): void {
    if (this.#done) return;
    let sent: Promise<() => void>;
    try {
      sent = this.#tx.send((res) => this.#onStatus(res));
    } catch (err) {
      this.#onSendError(err);
      return;
    }
    sent.then(
      (unsub) => {
        if (this.#done) {
          unsub();
          return;
        }
        this.#unsub = unsub;
        this.#lease.release('used');
      },
      (err) => this.#onSendError(err),
    );
  }

  #onSendError(err: unknown): void {
    if (this.#done) return;
    if (isConnectionError(err)) {
      this.#lost();
      return;
    }
    const pool = decodePoolError(err, { txHash: this.#txHash, call: this.#what });
    if (pool?.code === 'AlreadyImported') {
      // Our own bytes are already in the pool (a resend after a reconnect): wait for them in blocks.
      this.#lease.release('used');
      void this.#pollBlocks();
      return;
    }
    if (pool?.code === 'Stale' && this.#resent) {
      // After a reconnect: the nonce is used, most likely by this very transaction.
      void this.#scanThenGiveUp();
      return;
    }
    if (pool) {
      this.#lease.release(RETRIABLE_POOL.has(pool.code) ? 'unknown' : 'unused');
      this.#fail(pool);
      return;
    }
    this.#lease.release('unknown');
    this.#fail(
      new ChainError('SubmitFailed', `${this.#what} could not be submitted: ${(err as Error)?.message ?? err}`, {
        kind: 'connection',
        cause: err,
        txHash: this.#txHash,
      }),
    );
  }

  #onStatus(res: SubmittableResult): void {
    if (this.#done) return;
    this.#onExtrinsicStatus(res.status, res);
  }

  /** `res` carries the events when @polkadot/api fetched them (first send); without it they are read here. */
  #onExtrinsicStatus(status: ExtrinsicStatus, res: SubmittableResult | undefined): void {
    if (status.isInBlock || status.isFinalized) {
      this.#lease.release('used');
      const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
      if (!res || res.internalError || res.blockNumber === undefined) {
        // polkadot-js could not fetch the events: look them up ourselves.
        void this.#fromBlock(blockHash);
        return;
      }
      this.#complete(blockHash, res.blockNumber.toNumber(), res.events);
      return;
    }
    if (status.isInvalid && this.#resent) {
      // We resent our own bytes after a reconnect; a node without de-duplication (chopsticks) then applies the copy
      // after the original and reports the copy invalid. Look for the original before calling it a failure.
      void this.#scanThenGiveUp(3000);
      return;
    }
    if (status.isInvalid || status.isDropped || status.isUsurped) {
      this.#lease.release('unknown');
      this.#lease.forget();
      const code = status.isInvalid ? 'TxInvalid' : status.isDropped ? 'TxDropped' : 'TxUsurped';
      this.#fail(
        new ChainError(code, `${this.#what}: the node reported the transaction ${status.type.toLowerCase()}`, {
          kind: 'pool',
          txHash: this.#txHash,
        }),
      );
    }
  }

  #complete(blockHash: string, blockNumber: number, records: readonly EventRecord[]): void {
    const registry = this.#client.api.registry;
    const failure = failureOf(registry, records, { txHash: this.#txHash, blockHash, call: this.#what });
    if (failure) {
      this.#fail(failure);
      return;
    }
    this.#finish({
      ok: true,
      result: {
        txHash: this.#txHash,
        blockHash,
        blockNumber,
        nonce: this.#tx.nonce.toNumber(),
        events: toChainEvents(records),
      },
    });
  }

  /** The status stream died with the connection. */
  #lost(): void {
    if (this.#done || this.#recovering) return;
    this.#recovering = true;
    // The subscription died with the socket; unsubscribing still frees @polkadot/api's bookkeeping for it.
    this.#unsub?.();
    this.#unsub = undefined;
    void this.#recover();
  }

  async #recover(): Promise<void> {
    try {
      await this.#client.waitConnected({ timeoutMs: Math.max(1, this.#deadline - Date.now()), signal: this.#signal });
    } catch {
      return; // the deadline or the abort settles this watch
    }
    if (this.#done) return;
    if (this.#client.api.genesisHash.toHex() !== this.#genesis) return this.#chainChanged();
    try {
      if (await this.#scan()) return;
    } catch {
      // fall through to resending; a second drop brings us back here
    }
    this.#recovering = false;
    this.#resent = true;
    this.#resend();
  }

  /**
   * Sends the same signed bytes again straight through the provider. Not through @polkadot/api: its RPC layer shares
   * one observable per identical subscription, and the one from before the drop is dead (author_ subscriptions are
   * not re-created on reconnect), so a second `send()` of the same bytes would silently wait forever.
   */
  #resend(): void {
    if (this.#done) return;
    const provider = this.#client.provider;
    provider
      .subscribe('author_extrinsicUpdate', 'author_submitAndWatchExtrinsic', [this.#tx.toHex()], (err, result) => {
        if (this.#done) return;
        if (err) {
          this.#onSendError(err);
          return;
        }
        let status: ExtrinsicStatus;
        try {
          status = this.#client.api.createType('ExtrinsicStatus', result);
        } catch {
          return; // a status this runtime's types can't read tells us nothing we need
        }
        this.#onExtrinsicStatus(status, undefined);
      })
      .then(
        (id) => {
          if (this.#done) {
            provider.unsubscribe('author_extrinsicUpdate', 'author_unwatchExtrinsic', id).catch(() => undefined);
            return;
          }
          this.#unsub = () => {
            provider.unsubscribe('author_extrinsicUpdate', 'author_unwatchExtrinsic', id).catch(() => undefined);
          };
          this.#lease.release('used');
        },
        (err) => this.#onSendError(err),
      );
  }

  async #scanThenGiveUp(waitMs = 0): Promise<void> {
    const until = Date.now() + waitMs;
    do {
      try {
        if (await this.#scan()) return;
      } catch {
        // handled below
      }
      if (this.#done) return;
      if (Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    } while (Date.now() < until && !this.#done);
    if (this.#done) return;
    this.#lease.release('unknown');
    this.#fail(
      new ChainError(
        'TxOutcomeUnknown',
        `${this.#what}: after the connection dropped and the transaction was resent, its nonce ${this.#tx.nonce.toString()} is used but the transaction is not in the recent blocks; check the account before sending again`,
        { kind: 'connection', txHash: this.#txHash },
      ),
    );
  }

  async #pollBlocks(): Promise<void> {
    while (!this.#done) {
      try {
        if (await this.#scan()) return;
      } catch {
        // transient; retry until the deadline
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** Looks for our transaction in the recent blocks; completes the watch and returns true when found. */
  async #scan(): Promise<boolean> {
    const api = this.#client.api;
    let hash = (await api.rpc.chain.getHeader()).hash.toHex();
    for (let i = 0; i < MAX_SCAN && !this.#done; i++) {
      const block: SignedBlock = await api.rpc.chain.getBlock(hash);
      const index = block.block.extrinsics.findIndex((x) => x.hash.toHex() === this.#txHash);
      if (index >= 0) {
        await this.#fromBlock(hash, block, index);
        return true;
      }
      const number = block.block.header.number.toNumber();
      if (number === 0) break;
      hash = block.block.header.parentHash.toHex();
    }
    return false;
  }

  async #fromBlock(blockHash: string, known?: SignedBlock, knownIndex?: number): Promise<void> {
    try {
      const api: ApiPromise = this.#client.api;
      const block = known ?? (await api.rpc.chain.getBlock(blockHash));
      const index = knownIndex ?? block.block.extrinsics.findIndex((x) => x.hash.toHex() === this.#txHash);
      const at = await api.at(blockHash);
      const all = (await storage(at, 'system', 'events')()) as unknown as EventRecord[];
      const records = all.filter((r) => r.phase.isApplyExtrinsic && r.phase.asApplyExtrinsic.toNumber() === index);
      this.#lease.release('used');
      this.#complete(blockHash, block.block.header.number.toNumber(), records);
    } catch (err) {
      if (isConnectionError(err)) {
        this.#recovering = false;
        this.#lost();
        return;
      }
      this.#fail(
        new ChainError('ReadFailed', `${this.#what} is in block ${blockHash} but its events could not be read`, {
          kind: 'connection',
          cause: err,
          txHash: this.#txHash,
          blockHash,
        }),
      );
    }
  }
}
