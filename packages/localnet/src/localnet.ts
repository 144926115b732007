/**
 * The embedded localnet: the real subtensor runtime running in this process under chopsticks-core.
 *
 * @example
 * const net = await startLocalnet();
 * const api = await net.api();
 * console.log((await api.rpc.chain.getHeader()).number.toNumber());
 * await net.close();
 */
import './quiet-logs.js';
import {
  type Blockchain,
  BuildBlockMode,
  ChopsticksProvider,
  GenesisProvider,
  setStorage,
  setup,
} from '@acala-network/chopsticks-core';
import type { ApiPromise } from '@polkadot/api';
import type { HexString } from '@polkadot/util/types';
import { ChainClient, getTempo, type SubmitResult } from '@subnetkit/chain';
import { type ChainSpecOptions, type ChainSpecSource, resolveChainSpec } from './chain-spec.js';
import { defaultCacheDir } from './config.js';
import { nextEpochBlock } from './epoch.js';
import { LocalnetError } from './errors.js';
import { retainExecutor, seedAuraSlotDuration } from './executor.js';
import {
  CODE_KEY,
  type GenesisResult,
  loadRawGenesis,
  loadRuntimeGenesis,
  seededTimestamp,
  TIMESTAMP_NOW_KEY,
} from './genesis.js';
import { type SubnetHyperparamsUpdate, type SudoOptions, setHyperparams } from './hyperparams.js';
import { DEV_SUDO_ADDRESS } from './keys.js';
import { fetchRuntime } from './remote.js';
import { type LocalnetServer, type ServeOptions, serveLocalnet } from './server.js';

export type StartProgress =
  | { step: 'spec'; path: string; source: ChainSpecSource; sha256: string; ms: number }
  | {
      step: 'remote';
      endpoint: string;
      blockHash: string;
      specName: string;
      specVersion: number;
      codeSha256: string;
      ms: number;
    }
  | { step: 'fork'; endpoint: string; block: number; blockHash: string; ms: number }
  | { step: 'genesis'; origin: 'raw' | 'built' | 'cached'; cachePath?: string; ms: number }
  | { step: 'runtime'; specName: string; specVersion: number; slotDurationMs: number; block: number; ms: number };

export interface LocalnetOptions extends ChainSpecOptions {
  /** Blocks kept in memory (and so reachable by `restore`); default 2048. Older blocks are dropped. */
  maxMemoryBlockCount?: number;
  /** Called once per start-up step, e.g. to print progress. */
  onProgress?: (event: StartProgress) => void;
  /**
   * A live node's ws(s) endpoint whose runtime (`:code`, at its finalized head) runs on a fresh development genesis
   * (the runtime's GenesisBuilder presets plus DEV_GENESIS_PATCH), cached by the code's sha256. No chain spec needed.
   */
  runtimeFrom?: string;
  /**
   * Fork a live chain: its state read lazily from the endpoint at the block (default: its finalized head), blocks
   * built locally. `'wss://host@123'` or `{ endpoint, block }`. Nothing is ever sent to the endpoint's chain.
   */
  fork?: string | ForkTarget;
  /** On a fork, make //Alice the sudo key (a storage override) so sudo dev controls work; default true. */
  forkSudo?: boolean;
  /** Timeout of each call to the endpoint of `runtimeFrom` / `fork`, in ms (default 60 000). */
  rpcTimeoutMs?: number;
}

export type LocalnetMode = 'spec' | 'runtime-from' | 'fork';

interface LocalnetInfo {
  mode: LocalnetMode;
  /** The spec file, or the endpoint the runtime or state came from. */
  source: string;
  specPath: string;
  specSha256: string;
  forkBlock?: BlockRef;
}

export interface BlockRef {
  number: number;
  hash: HexString;
}

/** A point the chain can be rewound to with `restore`. Valid while the block is still in memory. */
export interface Snapshot extends BlockRef {}

/** Raw `[key, value|null]` pairs, or `{ Pallet: { Item: value | [[keys], value][] } }` as chopsticks' dev_setStorage. */
export type StorageValues = [string, string | null][] | Record<string, Record<string, unknown>>;

/** Snapshot hashes remembered so that storage edits never change a snapshotted block in place. */
const MAX_REMEMBERED_SNAPSHOTS = 256;

export class Localnet {
  readonly chain: Blockchain;
  /** A provider for one @polkadot/api client; call `newProvider()` for each further client. */
  readonly provider: ChopsticksProvider;
  /** Where this chain's runtime came from: the pinned/own spec, a live node's runtime, or a fork of a live chain. */
  readonly mode: LocalnetMode;
  /** The spec file path, or the endpoint of `runtimeFrom` / `fork`. */
  readonly source: string;
  /** The spec file (mode 'spec'), the cached dev genesis ('runtime-from') or the endpoint ('fork'). */
  readonly specPath: string;
  /** sha256 of the spec file (mode 'spec') or of the runtime code (the other modes). */
  readonly specSha256: string;
  readonly slotDurationMs: number;
  /** On a fork: the block it was forked at. */
  readonly forkBlock: BlockRef | undefined;
  #client: Promise<ChainClient> | undefined;
  #clientProvider: ChopsticksProvider | undefined;
  #servers = new Set<LocalnetServer>();
  #snapshots = new Set<HexString>();
  #closed = false;
  #idleMs = 0;
  #idleTimer: NodeJS.Timeout | undefined;
  #release: () => Promise<void>;

  /** @internal use `startLocalnet` */
  constructor(chain: Blockchain, info: LocalnetInfo & { slotDurationMs: number }, release: () => Promise<void>) {
    this.chain = chain;
    this.provider = new ChopsticksProvider(chain);
    this.mode = info.mode;
    this.source = info.source;
    this.forkBlock = info.forkBlock;
    this.specPath = info.specPath;
    this.specSha256 = info.specSha256;
    this.slotDurationMs = info.slotDurationMs;
    this.#release = release;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** A fresh in-process provider over this chain (each ApiPromise should have its own: disconnecting one closes it). */
  newProvider(): ChopsticksProvider {
    this.#assertOpen();
    return new ChopsticksProvider(this.chain);
  }

  /**
   * A shared `ChainClient` (@subnetkit/chain) over this chain, created on first use and closed by `close()`. The dev
   * controls and bootstrap helpers submit through it, so their nonces are tracked together with yours.
   */
  client(): Promise<ChainClient> {
    this.#assertOpen();
    if (!this.#client) {
      this.#clientProvider = this.newProvider();
      this.#client = ChainClient.connect(this.#clientProvider);
      this.#client.catch(() => {
        this.#client = undefined; // a failed connect may be retried
      });
    }
    return this.#client;
  }

  /** The shared client's ApiPromise. */
  async api(): Promise<ApiPromise> {
    return (await this.client()).api;
  }

  head(): BlockRef {
    const h = this.chain.head;
    return { number: h.number, hash: h.hash };
  }

  /** Builds `count` blocks (including any pending transactions) and returns the new head. */
  async newBlocks(count = 1): Promise<BlockRef> {
    this.#assertOpen();
    if (!Number.isInteger(count) || count < 0) {
      throw new LocalnetError('LOCALNET_INVALID_ARGUMENT', `block count must be a non-negative integer, got ${count}`);
    }
    for (let i = 0; i < count; i++) {
      const before = this.chain.head.number;
      await this.chain.newBlock();
      // chopsticks logs a failed build and carries on; surface it instead of returning a stale head.
      if (this.chain.head.number <= before) {
        throw new LocalnetError(
          'LOCALNET_BLOCK_FAILED',
          `building block #${before + 1} failed (see SUBNETKIT_CHOPSTICKS_LOG_LEVEL)`,
        );
      }
    }
    return this.head();
  }

  /**
   * Also builds a block whenever none was built for `intervalMs` (0 stops it), so an idle shared chain still advances
   * (start_call delays, epochs) like a node with `intervalMs` block time. Transactions still get their own block.
   */
  setIdleBlockTime(intervalMs: number): void {
    this.#assertOpen();
    if (!Number.isInteger(intervalMs) || intervalMs < 0) {
      throw new LocalnetError(
        'LOCALNET_INVALID_ARGUMENT',
        `idle block time must be a non-negative integer (ms), got ${intervalMs}`,
      );
    }
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    this.#idleMs = intervalMs;
    if (intervalMs > 0) this.#scheduleIdleBlock(this.chain.head.hash);
  }

  #scheduleIdleBlock(seen: HexString): void {
    this.#idleTimer = setTimeout(async () => {
      if (this.#closed || this.#idleMs === 0) return;
      const head = this.chain.head.hash;
      if (head === seen) await this.chain.newBlock().catch(() => undefined);
      if (!this.#closed && this.#idleMs > 0) this.#scheduleIdleBlock(this.chain.head.hash);
    }, this.#idleMs);
    this.#idleTimer.unref();
  }

  /**
   * Builds blocks up to and including the next block in which `netuid`'s epoch runs (from its current tempo); returns
   * that block's number. The epoch's results (incentive, dividends, emission...) are readable right after.
   */
  async advanceToNextEpoch(netuid: number): Promise<number> {
    const client = await this.client();
    const tempo = await getTempo(client, netuid);
    const target = nextEpochBlock(netuid, tempo, this.head().number);
    await this.newBlocks(target - this.head().number);
    return target;
  }

  /** Sets subnet hyperparameters through sudo (//Alice by default), all in one block. */
  async setHyperparams(
    netuid: number,
    params: SubnetHyperparamsUpdate,
    opts: SudoOptions = {},
  ): Promise<SubmitResult | undefined> {
    return setHyperparams(await this.client(), netuid, params, opts);
  }

  /** Remembers the current head. Cheap: blocks are immutable, `restore` just makes it the head again. */
  snapshot(): Snapshot {
    this.#assertOpen();
    const head = this.head();
    if (this.#snapshots.size >= MAX_REMEMBERED_SNAPSHOTS) {
      const oldest = this.#snapshots.values().next().value;
      if (oldest) this.#snapshots.delete(oldest);
    }
    this.#snapshots.add(head.hash);
    return head;
  }

  /** Rewinds (or forwards) the chain to a snapshot, as `dev_setHead` does. */
  async restore(snapshot: Snapshot): Promise<BlockRef> {
    this.#assertOpen();
    // Only blocks in memory: chopsticks' getBlock would ask the genesis provider, which answers any hash.
    const block = this.chain.blocksInMemory().find((b) => b.hash === snapshot.hash);
    if (!block) {
      throw new LocalnetError(
        'LOCALNET_SNAPSHOT_UNAVAILABLE',
        `block #${snapshot.number} (${snapshot.hash}) is no longer in memory; raise maxMemoryBlockCount to keep more`,
      );
    }
    await this.chain.setHead(block);
    // Nonces counted past the snapshot are wrong now; the shared client re-reads them. (Other ChainClients over
    // this chain should call `client.nonces.reset()` themselves.)
    if (this.#client) await this.#client.then((c) => c.nonces.reset()).catch(() => undefined);
    return this.head();
  }

  /**
   * Writes storage into the head block, as `dev_setStorage`. If the head is a snapshot, a block is built first so
   * that restoring the snapshot later also undoes this edit.
   */
  async setStorage(values: StorageValues): Promise<BlockRef> {
    this.#assertOpen();
    if (this.#snapshots.has(this.chain.head.hash)) await this.chain.newBlock();
    try {
      await setStorage(this.chain, values as Parameters<typeof setStorage>[1]);
    } catch (cause) {
      throw new LocalnetError('LOCALNET_INVALID_ARGUMENT', `setStorage failed: ${(cause as Error).message}`, { cause });
    }
    return this.head();
  }

  /** Sets the free balance of `address` to `amountRao`, keeping its nonce and other fields. */
  async fund(address: string, amountRao: bigint): Promise<void> {
    if (typeof amountRao !== 'bigint' || amountRao < 0n) {
      throw new LocalnetError(
        'LOCALNET_INVALID_ARGUMENT',
        `amountRao must be a non-negative bigint, got ${String(amountRao)}`,
      );
    }
    const meta = await this.chain.head.meta;
    const entry = meta.query.system?.account;
    if (!entry) throw new LocalnetError('LOCALNET_RUNTIME_START_FAILED', 'the runtime has no System.Account storage');
    let current: { toJSON(): unknown } | undefined;
    try {
      current = await this.chain.head.read('FrameSystemAccountInfo', entry, address);
    } catch (cause) {
      throw new LocalnetError('LOCALNET_INVALID_ARGUMENT', `'${address}' is not a valid account address`, { cause });
    }
    const info = (current?.toJSON() ?? {}) as {
      nonce?: number;
      consumers?: number;
      providers?: number;
      sufficients?: number;
      data?: Record<string, unknown>;
    };
    const value = {
      nonce: info.nonce ?? 0,
      consumers: info.consumers ?? 0,
      providers: Math.max(info.providers ?? 0, 1),
      sufficients: info.sufficients ?? 0,
      data: { ...(info.data ?? {}), free: amountRao.toString() },
    };
    await this.setStorage({ System: { Account: [[[address], value]] } });
  }

  /** Serves this chain over WebSocket JSON-RPC (127.0.0.1 by default) for other processes. */
  async serve(options: ServeOptions = {}): Promise<LocalnetServer> {
    this.#assertOpen();
    const server = await serveLocalnet(this.chain, options);
    this.#servers.add(server);
    server.closed.then(() => this.#servers.delete(server));
    return server;
  }

  /** `await using net = await startLocalnet()` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Stops servers, closes the shared client and releases the chain and (for the last one) the WASM worker. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    const errors: unknown[] = [];
    for (const s of [...this.#servers]) await s.close().catch((e) => errors.push(e));
    if (this.#client) await this.#client.then((c) => c.close()).catch(() => undefined);
    await this.#clientProvider?.disconnect().catch(() => undefined);
    await this.provider.disconnect().catch(() => undefined);
    await this.chain.close().catch((e: unknown) => errors.push(e));
    await this.#release();
    if (errors.length)
      throw new LocalnetError('LOCALNET_SERVER_FAILED', 'closing the localnet failed', { cause: errors[0] });
  }

  #assertOpen(): void {
    if (this.#closed) throw new LocalnetError('LOCALNET_CLOSED', 'this localnet has been closed');
  }
}

/**
 * Starts a localnet in one of three modes: the pinned dev spec (default: resolved, raw genesis built or loaded), a live
 * network's runtime on a fresh dev genesis (`runtimeFrom`), or a fork of a live chain (`fork`).
 */
export async function startLocalnet(options: LocalnetOptions = {}): Promise<Localnet> {
  if (options.runtimeFrom && options.fork) {
    throw new LocalnetError(
      'LOCALNET_INVALID_ARGUMENT',
      "runtimeFrom and fork cannot be combined: a fork runs the chain's own runtime",
    );
  }
  const progress = options.onProgress ?? (() => undefined);
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = Math.round(now - t);
    t = now;
    return ms;
  };
  const cacheDir = options.cacheDir ?? defaultCacheDir(options.env ?? process.env);
  if (options.fork) return startFork(options, parseForkTarget(options.fork), progress, lap);

  let genesis: GenesisResult;
  let info: LocalnetInfo;
  const release = retainExecutor();
  try {
    if (options.runtimeFrom) {
      const remote = await fetchRuntime(options.runtimeFrom, { timeoutMs: options.rpcTimeoutMs });
      progress({
        step: 'remote',
        endpoint: remote.endpoint,
        blockHash: remote.blockHash,
        specName: remote.specName,
        specVersion: remote.specVersion,
        codeSha256: remote.codeSha256,
        ms: lap(),
      });
      genesis = await loadRuntimeGenesis(remote, cacheDir);
      info = {
        mode: 'runtime-from',
        source: remote.endpoint,
        specPath: genesis.cachePath ?? '',
        specSha256: remote.codeSha256,
      };
    } else {
      const spec = await resolveChainSpec(options);
      progress({ step: 'spec', path: spec.path, source: spec.source, sha256: spec.sha256, ms: lap() });
      genesis = await loadRawGenesis(spec.bytes, spec.sha256, cacheDir);
      info = { mode: 'spec', source: spec.path, specPath: spec.path, specSha256: spec.sha256 };
    }
    progress({ step: 'genesis', origin: genesis.origin, cachePath: genesis.cachePath, ms: lap() });

    const code = genesis.spec.genesis.raw.top[CODE_KEY] as HexString | undefined;
    if (!code) throw new LocalnetError('LOCALNET_CHAIN_SPEC_INVALID', 'the raw genesis has no :code entry');
    const slotDurationMs = await seedAuraSlotDuration(code);
    // Fresh at every start (never cached): the first block's Aura slot must match its timestamp.
    const top = { ...genesis.spec.genesis.raw.top, [TIMESTAMP_NOW_KEY]: seededTimestamp(slotDurationMs) };
    const provider = new GenesisProvider({ ...genesis.spec, genesis: { raw: { top } } } as never);
    let chain: Blockchain;
    try {
      chain = await setup({
        genesis: provider,
        buildBlockMode: BuildBlockMode.Instant,
        allowUnresolvedImports: true,
        maxMemoryBlockCount: options.maxMemoryBlockCount ?? 2048,
      });
    } catch (cause) {
      throw new LocalnetError(
        'LOCALNET_RUNTIME_START_FAILED',
        `the runtime did not start: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
    await reportRuntime(chain, slotDurationMs, progress, lap);
    return new Localnet(chain, { ...info, slotDurationMs }, release);
  } catch (err) {
    await release();
    throw err;
  }
}

/** chopsticks-core's fork mode: the chain's state read lazily from `endpoint` at the fork block, new blocks local. */
async function startFork(
  options: LocalnetOptions,
  target: ForkTarget,
  progress: (e: StartProgress) => void,
  lap: () => number,
): Promise<Localnet> {
  // chopsticks' own provider retries an unreachable endpoint forever: check it first, with a timeout.
  const remote = await fetchRuntime(target.endpoint, { block: target.block, timeoutMs: options.rpcTimeoutMs }).catch(
    (cause: LocalnetError) => {
      throw new LocalnetError('LOCALNET_FORK_FAILED', `cannot fork ${target.endpoint}: ${cause.message}`, { cause });
    },
  );
  const release = retainExecutor();
  try {
    let chain: Blockchain;
    try {
      chain = await setup({
        endpoint: target.endpoint,
        block: remote.blockHash,
        buildBlockMode: BuildBlockMode.Instant,
        allowUnresolvedImports: true,
        maxMemoryBlockCount: options.maxMemoryBlockCount ?? 2048,
        rpcTimeout: options.rpcTimeoutMs ?? 60_000,
      });
    } catch (cause) {
      throw new LocalnetError('LOCALNET_FORK_FAILED', `cannot fork ${target.endpoint}: ${(cause as Error).message}`, {
        cause,
      });
    }
    progress({
      step: 'fork',
      endpoint: target.endpoint,
      block: chain.head.number,
      blockHash: chain.head.hash,
      ms: lap(),
    });
    const slotDurationMs = await seedAuraSlotDuration((await chain.head.wasm) as HexString);
    const net = new Localnet(
      chain,
      {
        mode: 'fork',
        source: target.endpoint,
        specPath: target.endpoint,
        specSha256: remote.codeSha256,
        slotDurationMs,
        forkBlock: { number: chain.head.number, hash: chain.head.hash },
      },
      release,
    );
    try {
      if (options.forkSudo !== false) await net.setStorage({ Sudo: { Key: DEV_SUDO_ADDRESS } });
      await reportRuntime(chain, slotDurationMs, progress, lap);
    } catch (err) {
      await net.close().catch(() => undefined);
      throw err;
    }
    return net;
  } catch (err) {
    await release();
    throw err;
  }
}

async function reportRuntime(
  chain: Blockchain,
  slotDurationMs: number,
  progress: (e: StartProgress) => void,
  lap: () => number,
): Promise<void> {
  const version = await chain.head.runtimeVersion;
  progress({
    step: 'runtime',
    specName: version.specName,
    specVersion: version.specVersion,
    slotDurationMs,
    block: chain.head.number,
    ms: lap(),
  });
}

export interface ForkTarget {
  endpoint: string;
  /** Block number or hash; default: the endpoint's finalized head. */
  block?: number | HexString;
}

/** `ws://host:9944`, `wss://host@123456` or `ws://host@0x…` (a block hash), or the object form. */
export function parseForkTarget(fork: string | ForkTarget): ForkTarget {
  if (typeof fork !== 'string') return fork;
  const m = /^(wss?:\/\/.+)@(\d+|0x[0-9a-fA-F]{64})$/.exec(fork);
  if (!m) {
    if (!/^wss?:\/\/./.test(fork)) {
      throw new LocalnetError('LOCALNET_INVALID_ARGUMENT', `fork must be ws(s)://host[:port][@block], got '${fork}'`);
    }
    return { endpoint: fork };
  }
  const [, endpoint, block] = m as unknown as [string, string, string];
  return { endpoint, block: block.startsWith('0x') ? (block as HexString) : Number(block) };
}
