/**
 * What both neurons start from: the hotkey that signs, the chain client, a pino logger. A chain client passed in
 * (e.g. the in-process localnet's) stays the caller's; one opened here from an endpoint is closed by `release()`.
 */
import { ChainClient } from '@subnetkit/chain';
import { Keypair, type Signer, Wallet } from '@subnetkit/wallet';
import { type Logger, pino } from 'pino';
import { NeuronError } from './errors.js';

export interface KeyOptions {
  /** The hotkey that signs (a `Keypair`). Takes precedence over the wallet settings. */
  signer?: Signer & { readonly address: string };
  /** A wallet whose hotkey signs. Default: `new Wallet({ name: walletName, path: walletPath, hotkey: walletHotkey })`. */
  wallet?: Wallet;
  walletName?: string;
  walletPath?: string;
  walletHotkey?: string;
  /** Development only: the hotkey from a secret URI (`//Bob//miner`). */
  hotkeyUri?: string;
}

export interface ChainOptions {
  /** A connected chain client (e.g. `await localnet.client()`); it is not closed by the neuron. */
  client?: ChainClient;
  /** Otherwise the endpoint to connect to: 'local', 'test', 'finney' or a ws:// URL. Default 'local'. */
  endpoint?: string;
}

export interface LogOptions {
  logger?: Logger;
  /** Default `SUBNETKIT_LOG_LEVEL`, else `silent` under `node --test`, else `info`. */
  logLevel?: string;
}

export async function resolveHotkey(options: KeyOptions): Promise<Keypair | (Signer & { address: string })> {
  if (options.signer) return options.signer;
  if (options.hotkeyUri) return Keypair.fromUri(options.hotkeyUri);
  const wallet =
    options.wallet ??
    new Wallet({
      ...(options.walletName !== undefined ? { name: options.walletName } : {}),
      ...(options.walletPath !== undefined ? { path: options.walletPath } : {}),
      ...(options.walletHotkey !== undefined ? { hotkey: options.walletHotkey } : {}),
    });
  return wallet.getHotkey();
}

export async function openChain(options: ChainOptions): Promise<{ client: ChainClient; owned: boolean }> {
  if (options.client) return { client: options.client, owned: false };
  const client = await ChainClient.connect(options.endpoint ?? 'local', { timeoutMs: 30_000 });
  return { client, owned: true };
}

export function makeLogger(name: string, options: LogOptions): Logger {
  if (options.logger) return options.logger.child({ neuron: name });
  const level =
    options.logLevel ?? process.env.SUBNETKIT_LOG_LEVEL ?? (process.env.NODE_TEST_CONTEXT ? 'silent' : 'info');
  return pino({ name, level });
}

export function assertNetuid(netuid: unknown): number {
  if (typeof netuid !== 'number' || !Number.isInteger(netuid) || netuid < 0 || netuid > 0xffff) {
    throw new NeuronError(
      'NEURON_CONFIG',
      `netuid must be an integer 0..65535 (flag --netuid, env SUBNETKIT_NETUID), got ${String(netuid)}`,
    );
  }
  return netuid;
}

/**
 * Calls `onSignal` once on SIGINT or SIGTERM; returns the function that removes the handlers. A second signal while
 * stopping leaves the default behaviour to Node (the handlers are removed on the first).
 */
export function onShutdownSignal(onSignal: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals) => {
    off();
    onSignal(signal);
  };
  const off = () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return off;
}
