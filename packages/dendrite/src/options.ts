/**
 * The Dendrite's options: their types, every default in one object (`dendriteDefaults`), and the one place they are
 * checked (`resolveDendriteOptions`, which throws INVALID_OPTION naming the bad option), so the rest of the package
 * reads complete, valid values and never repeats a default.
 */
import { type FieldShape, PROTOCOL_VERSION, V_7_2_0 } from '@subnetkit/synapse';
import type { Signer } from '@subnetkit/wallet';
import { DendriteError } from './errors.js';
import type { FramingFactory } from './framing.js';
import type { BodyFormat, Scheme } from './request.js';

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
  /** Default per-call timeout in ms (Python: 12 s); a call's `timeout` option (seconds, as on the wire) overrides it. */
  timeoutMs?: number;
  /** @deprecated Use `timeoutMs`. The default per-call timeout in seconds. */
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

export interface CallOptions {
  /**
   * Seconds for the whole exchange (connect, send, receive), as aiohttp's `ClientTimeout(total=…)`; also the
   * synapse's `timeout` on the wire, which keeps Python's unit. Default: the Dendrite's `timeoutMs`.
   */
  timeout?: number;
  /** Aborting rejects the call with `DendriteError('DENDRITE_ABORTED')`. */
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

/** Every default of `new Dendrite(options)`; the README's option list reads from here. */
export const dendriteDefaults = Object.freeze({
  externalIp: '127.0.0.1',
  /** The Python protocol version this dendrite speaks. */
  version: PROTOCOL_VERSION,
  /** Python's 12 s. */
  timeoutMs: 12_000,
  scheme: 'bittensor' as Scheme,
  bodyFormat: 'json' as BodyFormat,
  connectionsPerAxon: 8,
  maxAxons: 65_536,
  /** aiohttp's. */
  keepAliveTimeoutMs: 15_000,
  maxInFlight: 4096,
  maxQueued: 65_536,
  maxResponseBytes: 64 * 1024 * 1024,
});

/** The options with every default applied (what the Dendrite's parts read). */
export interface ResolvedDendriteOptions {
  signer: Signer | undefined;
  wallet: HotkeySource | undefined;
  externalIp: string;
  version: number;
  /** The default per-call timeout in seconds, the unit calls and the wire use. */
  timeoutS: number;
  scheme: Scheme;
  bodyFormat: BodyFormat;
  connectionsPerAxon: number;
  maxAxons: number;
  keepAliveTimeoutMs: number;
  maxInFlight: number;
  maxQueued: number;
  maxResponseBytes: number;
  /** undefined: the signing pool's own default (one per core, 1 to 4). */
  signingThreads: number | undefined;
}

function invalid(message: string): never {
  throw new DendriteError('DENDRITE_INVALID_OPTION', message);
}

/** A positive number (an integer unless `integer` is false); `dflt` when undefined. */
export function positive(name: string, v: number | undefined, dflt: number, integer = true): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v)))
    invalid(`${name} must be a positive ${integer ? 'integer' : 'number'}, got ${String(v)}`);
  return v;
}

export function checkScheme(v: unknown): Scheme {
  if (v === 'bittensor' || v === 'epistula') return v;
  invalid(`scheme must be 'bittensor' or 'epistula', got ${String(v)}`);
}

export function checkFormat(v: unknown): BodyFormat {
  if (v === 'json' || v === 'msgpack') return v;
  invalid(`bodyFormat must be 'json' or 'msgpack', got ${String(v)}`);
}

function checkSigner(options: DendriteOptions): void {
  if (!options || (!options.signer && !options.wallet))
    invalid('a Dendrite needs a signer (hotkey Keypair) or a wallet');
  if (options.signer) {
    const s = options.signer;
    if (typeof s.address !== 'string' || typeof s.sign !== 'function')
      invalid('signer must have an SS58 address and a sign(message) method');
  } else if (typeof options.wallet!.getHotkey !== 'function')
    invalid('wallet must have getHotkey() (a @subnetkit/wallet Wallet)');
}

function defaultTimeoutS(options: DendriteOptions): number {
  if (options.timeoutMs !== undefined && options.timeout !== undefined)
    invalid('give timeoutMs or the deprecated timeout (seconds), not both');
  if (options.timeout !== undefined) return positive('timeout', options.timeout, 0, false);
  return positive('timeoutMs', options.timeoutMs, dendriteDefaults.timeoutMs, false) / 1000;
}

/** Checks every option and fills in the defaults. Throws `DendriteError('DENDRITE_INVALID_OPTION')` naming the bad one. */
export function resolveDendriteOptions(options: DendriteOptions): ResolvedDendriteOptions {
  checkSigner(options);
  const d = dendriteDefaults;
  const externalIp = options.externalIp ?? d.externalIp;
  if (typeof externalIp !== 'string' || externalIp.length === 0) invalid('externalIp must be a non-empty string');
  const version = options.version ?? d.version;
  if (!Number.isInteger(version) || version < V_7_2_0 || version > 2 ** 31 - 1)
    invalid(
      `version must be an int32 ≥ ${V_7_2_0} (below it Python axons use the replayable legacy nonce rule), got ${version}`,
    );
  const threads = options.signingThreads;
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 0))
    invalid(`signingThreads must be an integer ≥ 0, got ${String(threads)}`);
  return {
    signer: options.signer,
    wallet: options.signer ? undefined : options.wallet,
    externalIp,
    version,
    timeoutS: defaultTimeoutS(options),
    scheme: checkScheme(options.scheme ?? d.scheme),
    bodyFormat: checkFormat(options.bodyFormat ?? d.bodyFormat),
    connectionsPerAxon: positive('connectionsPerAxon', options.connectionsPerAxon, d.connectionsPerAxon),
    maxAxons: positive('maxAxons', options.maxAxons, d.maxAxons),
    keepAliveTimeoutMs: positive('keepAliveTimeoutMs', options.keepAliveTimeoutMs, d.keepAliveTimeoutMs),
    maxInFlight: positive('maxInFlight', options.maxInFlight, d.maxInFlight),
    maxQueued: positive('maxQueued', options.maxQueued, d.maxQueued),
    maxResponseBytes: positive('maxResponseBytes', options.maxResponseBytes, d.maxResponseBytes),
    signingThreads: threads,
  };
}

/** A call's timeout in seconds: its own `timeout`, else the Dendrite's default. */
export function callTimeoutS(options: CallOptions | undefined, dflt: number): number {
  return positive('timeout', options?.timeout, dflt, false);
}
