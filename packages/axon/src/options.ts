/** Options of `new Axon(...)` and the hook types of `attach(...)`; their defaults are `axonDefaults` (defaults.ts). */
import type { FieldShape, PyAxonInfo, Synapse } from '@subnetkit/synapse';
import type { Signer, Wallet } from '@subnetkit/wallet';
import type { Logger } from 'pino';
import type { RateLimitOptions } from './rate-limit.js';
import type { ReplayStore } from './redis-nonce-store.js';

export interface AxonOptions {
  /** The miner's wallet: its hotkey signs and is the address requests must be signed for; coldkeypub goes in `info()`. */
  wallet?: Wallet;
  /** Or a signer directly (its address is the axon's hotkey). */
  signer?: Signer;
  /** Coldkey SS58 for `info()` when a `signer` is given (with a wallet it is read from coldkeypub.txt). */
  coldkey?: string;
  /** Port to listen on. Default 8091 (Python's); 0 picks a free port (see `port` after `start()`). */
  port?: number;
  /** Address to bind. Default `0.0.0.0` (Python binds IPv4 on all interfaces). */
  ip?: string;
  /** Address published on chain by `info()`. Default: `ip`. Python detects it from public services; subnetkit does not call out. */
  externalIp?: string;
  /** Port published on chain. Default: the listening port. */
  externalPort?: number;
  /** `version_as_int` this axon reports. Default 10002000 (the Python protocol version it emulates). */
  version?: number;
  /** Run the blacklist hook before signature verification, as Python does. Default false (verify first: safer). */
  blacklistBeforeVerify?: boolean;
  /** Forwards running at once. Default 32. */
  maxConcurrency?: number;
  /** Requests waiting for a forward slot (priority-ordered); beyond it the lowest priority gets 503. Default 256. */
  maxQueue?: number;
  /**
   * Requests being checked at once (nonce, signature, hooks, body) before they reach the queue; also the verification
   * workers' backlog. Arrivals beyond it, or beyond what the queue can still take, are answered 503 before any of
   * that work. Default 64.
   */
  maxAdmitting?: number;
  /** Largest request body in bytes (413 beyond). Default 8 MiB. */
  bodyLimit?: number;
  /** Largest request header section in bytes (Node answers 431 beyond). Default 16 KiB (as uvicorn). */
  maxHeaderSize?: number;
  /** Timeout used when a request carries none, ms. Default 12 000 (Python's 12 s). */
  defaultTimeoutMs?: number;
  /** Cap on the client-chosen `timeout` header (which is in seconds, as Python's), ms. Default 60 000. */
  maxTimeoutMs?: number;
  /** @deprecated Use `defaultTimeoutMs` (this one is in seconds). */
  defaultTimeout?: number;
  /** @deprecated Use `maxTimeoutMs` (this one is in seconds). */
  maxTimeout?: number;
  /** Per-hotkey rate limit (429 with `retry-after` beyond it), or false. Default 50 req/s, burst 100. */
  rateLimit?: RateLimitOptions | false;
  /**
   * Nonce store bounds: most `hotkey:uuid` keys kept (default 100 000), their estimated memory (default 32 MiB);
   * future skew allowed in ns (default 60 s); how far below a key's newest nonce an unused one is still accepted, ns
   * (default 4 s; `0n`: Python's strictly increasing rule); most nonces remembered per key in that window (default 128).
   */
  nonce?: {
    maxKeys?: number;
    maxBytes?: number;
    maxFutureNs?: bigint | null;
    reorderWindowNs?: bigint;
    maxRecentPerKey?: number;
  };
  /**
   * The nonce store, when several axon processes serve one hotkey and must share it (`RedisNonceStore`); `nonce` is
   * then ignored. Default: an in-memory store for this process.
   */
  nonceStore?: ReplayStore;
  /**
   * A connection must deliver its request headers within this many ms of connecting (or of its previous answer) or it
   * is answered 408 and closed: idle and slowloris connections cannot hold sockets. Default 10 000.
   */
  headersTimeoutMs?: number;
  /** The whole request (headers and body) must arrive within this many ms (408 and close beyond). Default 30 000. */
  requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this many ms. Default 15 000. */
  keepAliveTimeoutMs?: number;
  /**
   * Most open connections in total; beyond it new ones are answered 503 and closed. Default 4096, or the process's
   * open-file limit minus 128 when that is lower (see the README on file limits).
   */
  maxConnections?: number;
  /** Most open connections from one IP address (503 and close beyond). Default 128. */
  maxConnectionsPerAddress?: number;
  /**
   * Worker threads for sr25519 verification. Default: `min(4, cores - 1)` (0 on one core). 0 verifies on the event
   * loop (each check is a few hundred µs).
   */
  verifyThreads?: number;
  /** Epistula v2: freshness window in ms (default 8000) and whether `Epistula-Signed-For` is required (default true). */
  epistula?: { allowedDeltaMs?: number; requireSignedFor?: boolean };
  /** Serve `GET /health`. Default true. */
  health?: boolean;
  /** Serve `GET /metrics` (Prometheus text). Default true. */
  metrics?: boolean;
  /**
   * Sign error responses like Python (`bt_header_axon_signature`; no Python dendrite verifies it). At most 20 per second
   * are signed, so bad requests cannot buy signing work; beyond that the header is left out. Default true.
   */
  signErrors?: boolean;
  /** `close()` waits this long for in-flight requests before aborting them. Default 10 000 ms. */
  stopTimeoutMs?: number;
  /** A pino logger. Default: a new one at `logLevel`. */
  logger?: Logger;
  /** Default `SUBNETKIT_LOG_LEVEL`, else `silent` under `node --test`, else `info`. */
  logLevel?: string;
  /**
   * Wall clock in nanoseconds, for nonce windows and the axon's own nonce. Default `Date.now()` × 10⁶. Tests inject
   * one to replay captured requests at their original time.
   */
  clock?: () => bigint;
}

/** Who is calling and how, as the hooks see it. */
export interface HookContext {
  /** The request id (also in the logs). */
  readonly requestId: string;
  /** The caller's hotkey: verified, except in a blacklist hook run with `blacklistBeforeVerify` (then only claimed). */
  readonly hotkey: string;
  /** Which signature scheme the request used. */
  readonly scheme: 'bittensor' | 'epistula';
  /** The TCP peer address. */
  readonly ip: string;
  readonly log: Logger;
}

export interface ForwardContext extends HookContext {
  /** Fires when the synapse timeout passes (the client has then been answered 408), the client leaves, or the axon stops. */
  readonly signal: AbortSignal;
  /** When the request times out, `performance.now()` milliseconds. */
  readonly deadline: number;
}

/** `[blacklisted, reason]` as in Python, or just a boolean. */
export type BlacklistVerdict = boolean | readonly [boolean, string];

type MaybePromise<T> = T | Promise<T>;

/** A chunk of a streaming answer: text (UTF-8) or bytes. */
export type StreamChunk = string | Uint8Array;

/**
 * The forward: receives the request synapse (parsed from the body) and returns the answer — the same synapse mutated,
 * a new one, nothing (the mutated input is sent), or an async iterable of raw chunks for a streaming answer.
 */
export type ForwardFn<S extends FieldShape> = (
  synapse: Synapse<S>,
  ctx: ForwardContext,
  // biome-ignore lint/suspicious/noConfusingVoidType: a forward that mutates the synapse in place returns nothing
) => MaybePromise<Synapse<S> | void> | AsyncIterable<StreamChunk>;

export interface AttachOptions<S extends FieldShape> {
  /** `[true, reason]` refuses the request with 403 `Forbidden. Key is blacklisted: {reason}.` Sees the header synapse. */
  blacklist?: (synapse: Synapse<S>, ctx: HookContext) => MaybePromise<BlacklistVerdict>;
  /** Higher runs first when forwards are queued. Sees the header synapse. */
  priority?: (synapse: Synapse<S>, ctx: HookContext) => MaybePromise<number>;
  /**
   * Extra verification, run AFTER the built-in signature and nonce checks (which always run): throw to refuse with
   * 401 `Not Verified with error: {message}`.
   */
  verify?: (synapse: Synapse<S>, ctx: HookContext) => MaybePromise<void>;
  /** Accept Epistula v2 requests on this route (those carrying `Epistula-Request-Signature`). Default true. */
  epistula?: boolean;
}

/**
 * @deprecated `axon.info()` returns `PyAxonInfo` (@subnetkit/synapse): Python's form of the one `AxonInfo`, the
 * chain's (@subnetkit/chain). Kept because the README named it.
 */
export type AxonInfo = PyAxonInfo;
