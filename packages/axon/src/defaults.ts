/**
 * The axon's defaults in one object, and the one place options are checked: `resolveAxonOptions` fills in every
 * default and throws `AxonError('AXON_INVALID_OPTIONS')` naming the bad option, so the rest of the axon reads a
 * complete, valid `ResolvedAxonOptions` and never repeats a default.
 */
import { availableParallelism } from 'node:os';
import { PROTOCOL_VERSION } from '@subnetkit/synapse';
import { openFileLimit, RESERVED_FILES } from './connections.js';
import { AxonError } from './errors.js';
import type { AxonOptions } from './options.js';
import type { RateLimitOptions } from './rate-limit.js';

/** Every default of `new Axon(options)`; the README's option list reads from here. */
export const axonDefaults = Object.freeze({
  /** Python's default port. */
  port: 8091,
  /** Python binds IPv4 on all interfaces. */
  ip: '0.0.0.0',
  /** The Python protocol version this axon emulates. */
  version: PROTOCOL_VERSION,
  blacklistBeforeVerify: false,
  maxConcurrency: 32,
  maxQueue: 256,
  /** A few verification batches: a shed request waits for at most this many signature checks. */
  maxAdmitting: 64,
  bodyLimit: 8 * 1024 * 1024,
  /** As uvicorn. */
  maxHeaderSize: 16 * 1024,
  /** Python's 12 s. */
  defaultTimeoutMs: 12_000,
  maxTimeoutMs: 60_000,
  rateLimit: Object.freeze({ perSecond: 50, burst: 100 }),
  nonceMaxKeys: 100_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 15_000,
  /** Lowered to the open-file limit minus 128 when that is lower (see the README on file limits). */
  maxConnections: 4096,
  maxConnectionsPerAddress: 128,
  /** Lowered to cores - 1 (0 on one core: verify on the event loop). */
  verifyThreads: 4,
  epistulaAllowedDeltaMs: 8000,
  epistulaRequireSignedFor: true,
  health: true,
  metrics: true,
  signErrors: true,
  stopTimeoutMs: 10_000,
});

/** The options with every default applied (what the axon's parts read). */
export interface ResolvedAxonOptions
  extends Omit<
    Required<AxonOptions>,
    | 'wallet'
    | 'signer'
    | 'coldkey'
    | 'externalIp'
    | 'externalPort'
    | 'nonce'
    | 'nonceStore'
    | 'rateLimit'
    | 'epistula'
    | 'logger'
    | 'logLevel'
    | 'clock'
    | 'defaultTimeout'
    | 'maxTimeout'
  > {
  wallet: AxonOptions['wallet'];
  signer: AxonOptions['signer'];
  coldkey: string | undefined;
  externalIp: string | undefined;
  externalPort: number | undefined;
  nonce: NonNullable<AxonOptions['nonce']>;
  nonceStore: AxonOptions['nonceStore'];
  rateLimit: RateLimitOptions | false;
  epistula: { allowedDeltaMs: number; requireSignedFor: boolean };
  logger: AxonOptions['logger'];
  logLevel: string;
  clock: AxonOptions['clock'];
}

function invalid(message: string): AxonError {
  return new AxonError('AXON_INVALID_OPTIONS', `new Axon(): ${message}`);
}

function integer(name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw invalid(
      `${name} must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}, got ${String(v)}`,
    );
  return v;
}

function positive(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw invalid(`${name} must be a positive number, got ${String(v)}`);
  return v;
}

function bool(name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw invalid(`${name} must be true or false, got ${String(v)}`);
  return v;
}

/** A timeout given in ms, or in seconds under its deprecated name; never both. */
function timeoutMs(
  o: AxonOptions,
  msName: 'defaultTimeoutMs' | 'maxTimeoutMs',
  sName: 'defaultTimeout' | 'maxTimeout',
) {
  if (o[msName] !== undefined && o[sName] !== undefined) throw invalid(`give ${msName} or ${sName}, not both`);
  if (o[sName] !== undefined) return positive(`${sName} (seconds)`, o[sName]) * 1000;
  return positive(msName, o[msName] ?? axonDefaults[msName]);
}

function fitToFileLimit(max: number): number {
  const limit = openFileLimit();
  return limit === undefined ? max : Math.max(64, Math.min(max, limit - RESERVED_FILES));
}

function rateLimit(v: AxonOptions['rateLimit']): RateLimitOptions | false {
  if (v === false) return false;
  if (v === undefined) return { ...axonDefaults.rateLimit };
  if (typeof v !== 'object' || v === null)
    throw invalid(`rateLimit must be { perSecond, burst? } or false, got ${String(v)}`);
  const out: RateLimitOptions = { perSecond: positive('rateLimit.perSecond', v.perSecond) };
  if (v.burst !== undefined) out.burst = integer('rateLimit.burst', v.burst, 1);
  if (v.maxKeys !== undefined) out.maxKeys = integer('rateLimit.maxKeys', v.maxKeys, 1);
  return out;
}

/** Fills in `axonDefaults` and checks every option; throws `AXON_NO_SIGNER` or `AXON_INVALID_OPTIONS`. */
export function resolveAxonOptions(o: AxonOptions): ResolvedAxonOptions {
  if (typeof o !== 'object' || o === null) throw invalid(`options must be an object, got ${String(o)}`);
  if (!o.wallet && !o.signer)
    throw new AxonError('AXON_NO_SIGNER', 'new Axon(): give a wallet or a signer (the hotkey requests are signed for)');
  const d = axonDefaults;
  const maxConcurrency = integer('maxConcurrency', o.maxConcurrency ?? d.maxConcurrency, 1);
  const nonce = o.nonce ?? {};
  if (nonce.maxKeys !== undefined) integer('nonce.maxKeys', nonce.maxKeys, 1);
  if (nonce.maxBytes !== undefined) integer('nonce.maxBytes', nonce.maxBytes, 1);
  if (nonce.maxRecentPerKey !== undefined) integer('nonce.maxRecentPerKey', nonce.maxRecentPerKey, 1);
  if (nonce.reorderWindowNs !== undefined && (typeof nonce.reorderWindowNs !== 'bigint' || nonce.reorderWindowNs < 0n))
    throw invalid(`nonce.reorderWindowNs must be a bigint >= 0n, got ${String(nonce.reorderWindowNs)}`);
  const ep = o.epistula ?? {};
  return {
    wallet: o.wallet,
    signer: o.signer,
    coldkey: o.coldkey,
    port: integer('port', o.port ?? d.port, 0, 65535),
    ip: o.ip ?? d.ip,
    externalIp: o.externalIp,
    externalPort: o.externalPort === undefined ? undefined : integer('externalPort', o.externalPort, 1, 65535),
    version: integer('version', o.version ?? d.version, 0),
    blacklistBeforeVerify: bool('blacklistBeforeVerify', o.blacklistBeforeVerify ?? d.blacklistBeforeVerify),
    maxConcurrency,
    maxQueue: integer('maxQueue', o.maxQueue ?? d.maxQueue, 0),
    maxAdmitting: integer('maxAdmitting', o.maxAdmitting ?? d.maxAdmitting, 1),
    bodyLimit: integer('bodyLimit', o.bodyLimit ?? d.bodyLimit, 0),
    maxHeaderSize: integer('maxHeaderSize', o.maxHeaderSize ?? d.maxHeaderSize, 0),
    defaultTimeoutMs: timeoutMs(o, 'defaultTimeoutMs', 'defaultTimeout'),
    maxTimeoutMs: timeoutMs(o, 'maxTimeoutMs', 'maxTimeout'),
    rateLimit: rateLimit(o.rateLimit),
    nonce: { maxKeys: nonce.maxKeys ?? d.nonceMaxKeys, ...nonce },
    nonceStore: o.nonceStore,
    headersTimeoutMs: integer('headersTimeoutMs', o.headersTimeoutMs ?? d.headersTimeoutMs, 0),
    requestTimeoutMs: integer('requestTimeoutMs', o.requestTimeoutMs ?? d.requestTimeoutMs, 0),
    keepAliveTimeoutMs: integer('keepAliveTimeoutMs', o.keepAliveTimeoutMs ?? d.keepAliveTimeoutMs, 0),
    maxConnections: integer('maxConnections', o.maxConnections ?? fitToFileLimit(d.maxConnections), 0),
    maxConnectionsPerAddress: integer(
      'maxConnectionsPerAddress',
      o.maxConnectionsPerAddress ?? d.maxConnectionsPerAddress,
      0,
    ),
    verifyThreads: integer(
      'verifyThreads',
      o.verifyThreads ?? Math.max(0, Math.min(d.verifyThreads, availableParallelism() - 1)),
      0,
    ),
    epistula: {
      allowedDeltaMs: positive('epistula.allowedDeltaMs', ep.allowedDeltaMs ?? d.epistulaAllowedDeltaMs),
      requireSignedFor: bool('epistula.requireSignedFor', ep.requireSignedFor ?? d.epistulaRequireSignedFor),
    },
    health: bool('health', o.health ?? d.health),
    metrics: bool('metrics', o.metrics ?? d.metrics),
    signErrors: bool('signErrors', o.signErrors ?? d.signErrors),
    stopTimeoutMs: integer('stopTimeoutMs', o.stopTimeoutMs ?? d.stopTimeoutMs, 0),
    logger: o.logger,
    logLevel: o.logLevel ?? defaultLogLevel(),
    clock: o.clock,
  };
}

/** `SUBNETKIT_LOG_LEVEL`, else `silent` under `node --test`, else `info`. */
export function defaultLogLevel(): string {
  return process.env.SUBNETKIT_LOG_LEVEL ?? (process.env.NODE_TEST_CONTEXT ? 'silent' : 'info');
}
