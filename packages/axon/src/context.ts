/**
 * What the request pipeline shares with the Axon that runs it: the resolved options, the routes and the per-axon
 * parts (nonce and signature checks, scheduler, rate limiters). The Axon builds one; each pipeline step takes it first.
 */
import type { EpistulaVerifier, FieldShape, SynapseDefinition } from '@subnetkit/synapse';
import type { Signer } from '@subnetkit/wallet';
import type { Logger } from 'pino';
import type { AdmissionGate } from './admission.js';
import type { ResolvedAxonOptions } from './defaults.js';
import type { AxonMetrics } from './metrics.js';
import type { AttachOptions, ForwardFn } from './options.js';
import type { RateLimiter } from './rate-limit.js';
import type { RequestControl } from './request-control.js';
import type { Scheduler } from './scheduler.js';
import type { SignatureCheck } from './signature-check.js';

/** One attached synapse: its definition, its forward and its hooks. */
export interface Route {
  def: SynapseDefinition<FieldShape, unknown>;
  forward: ForwardFn<FieldShape>;
  hooks: AttachOptions<FieldShape>;
}

export interface AxonContext {
  readonly options: ResolvedAxonOptions;
  readonly uuid: string;
  readonly version: number;
  readonly log: Logger;
  readonly metrics: AxonMetrics | undefined;
  readonly clock: () => bigint;
  readonly routes: ReadonlyMap<string, Route>;
  readonly scheduler: Scheduler;
  /** The capacity gate before the nonce store, verification, hooks and body parsing. */
  readonly admission: AdmissionGate;
  readonly rateLimiter: RateLimiter | undefined;
  /** Budget for signing error answers (each costs a signature on the event loop). */
  readonly errorSignatures: RateLimiter;
  readonly signatures: SignatureCheck;
  /** Requests being handled, so `close()` can abort them. */
  readonly inFlight: Set<RequestControl>;
  /** The axon's hotkey (SS58). */
  hotkey(): string;
  /** The signer once known (with a wallet: after `start()` loaded it). */
  signer(): Signer | undefined;
  /** The Epistula verifier, made by `start()`. */
  epistula(): EpistulaVerifier;
  /** When this axon started, ms since the epoch: older Epistula timestamps are replays. */
  startedMs(): number;
  /** The `GET /health` body. */
  healthBody(): string;
}

/** Seconds since `t0` (a `performance.now()` reading), as `axon.process_time` carries it. */
export function elapsedSeconds(t0: number): number {
  return (performance.now() - t0) / 1000;
}

/** The 404 message of an unknown route, as Python's. */
export function unknownSynapseMessage(ctx: AxonContext, name: string): string {
  return `Synapse name '${name}' not found. Available synapses [${[...ctx.routes.keys()].map((n) => `'${n}'`).join(', ')}]`;
}
