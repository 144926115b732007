/**
 * Reads what `--runtime-from` needs from any subtensor node: the runtime code (`:code`) at a block and what describes
 * it. A few plain JSON-RPC calls over one WebSocket; no metadata decoding, so any runtime version works.
 */
import { createHash } from 'node:crypto';
import type { HexString } from '@polkadot/util/types';
import WebSocket from 'ws';
import { LocalnetError } from './errors.js';
import { CODE_KEY } from './genesis.js';

export interface RemoteRuntime {
  endpoint: string;
  /** The block the code was read at (the node's finalized head unless one was asked for). */
  blockHash: HexString;
  code: HexString;
  /** sha256 of the code bytes: the cache key of the genesis built from it. */
  codeSha256: string;
  specName: string;
  specVersion: number;
  chain: string;
  properties: Record<string, unknown>;
}

/** The code may be several MB of hex in one answer. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export async function fetchRuntime(
  endpoint: string,
  opts: { block?: number | HexString; timeoutMs?: number } = {},
): Promise<RemoteRuntime> {
  const rpc = await RpcConnection.open(endpoint, opts.timeoutMs ?? 60_000);
  try {
    const blockHash = await blockHashOf(rpc, opts.block);
    const [code, version, chain, properties] = await Promise.all([
      rpc.call<HexString | null>('state_getStorage', [CODE_KEY, blockHash]),
      rpc.call<{ specName: string; specVersion: number }>('state_getRuntimeVersion', [blockHash]),
      rpc.call<string>('system_chain', []).catch(() => 'unknown'),
      rpc.call<Record<string, unknown>>('system_properties', []).catch(() => ({})),
    ]);
    if (typeof code !== 'string' || !/^0x[0-9a-f]+$/i.test(code)) {
      throw new LocalnetError(
        'LOCALNET_RUNTIME_FETCH_FAILED',
        `${endpoint} returned no runtime code (:code) at ${blockHash}`,
      );
    }
    return {
      endpoint,
      blockHash,
      code,
      codeSha256: createHash('sha256')
        .update(Buffer.from(code.slice(2), 'hex'))
        .digest('hex'),
      specName: version.specName,
      specVersion: version.specVersion,
      chain,
      properties: properties ?? {},
    };
  } finally {
    rpc.close();
  }
}

async function blockHashOf(rpc: RpcConnection, block: number | HexString | undefined): Promise<HexString> {
  if (block === undefined) return rpc.call<HexString>('chain_getFinalizedHead', []);
  if (typeof block === 'string') return block;
  const hash = await rpc.call<HexString | null>('chain_getBlockHash', [block]);
  if (!hash) throw new LocalnetError('LOCALNET_RUNTIME_FETCH_FAILED', `${rpc.endpoint} has no block #${block}`);
  return hash;
}

/** One socket, requests matched to answers by id, every call bounded by the same timeout. */
class RpcConnection {
  #nextId = 1;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(
    readonly endpoint: string,
    private readonly socket: WebSocket,
    private readonly timeoutMs: number,
  ) {
    socket.on('message', (raw) => {
      let msg: { id?: number; result?: unknown; error?: { code: number; message: string } };
      try {
        msg = JSON.parse(raw.toString());
      } catch {
        return;
      }
      const waiter = msg.id === undefined ? undefined : this.#pending.get(msg.id);
      if (!waiter) return;
      this.#pending.delete(msg.id as number);
      if (msg.error) waiter.reject(new Error(`${msg.error.message} (${msg.error.code})`));
      else waiter.resolve(msg.result);
    });
    socket.on('close', () => this.#failAll(new Error('the connection closed')));
    socket.on('error', (e) => this.#failAll(e));
  }

  static open(endpoint: string, timeoutMs: number): Promise<RpcConnection> {
    if (!/^wss?:\/\//.test(endpoint)) {
      throw new LocalnetError(
        'LOCALNET_INVALID_ARGUMENT',
        `the endpoint must be a ws:// or wss:// URL, got '${endpoint}'`,
      );
    }
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(endpoint, { maxPayload: MAX_ANSWER_BYTES, handshakeTimeout: timeoutMs });
      const fail = (e: Error) => {
        socket.terminate();
        reject(
          new LocalnetError('LOCALNET_RUNTIME_FETCH_FAILED', `cannot connect to ${endpoint}: ${e.message}`, {
            cause: e,
          }),
        );
      };
      socket.once('error', fail);
      socket.once('open', () => {
        socket.off('error', fail);
        resolve(new RpcConnection(endpoint, socket, timeoutMs));
      });
    });
  }

  call<T>(method: string, params: unknown[]): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(
          new LocalnetError(
            'LOCALNET_RUNTIME_FETCH_FAILED',
            `${method} on ${this.endpoint} timed out after ${this.timeoutMs} ms`,
          ),
        );
      }, this.timeoutMs);
      this.#pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(
            e instanceof LocalnetError
              ? e
              : new LocalnetError(
                  'LOCALNET_RUNTIME_FETCH_FAILED',
                  `${method} on ${this.endpoint} failed: ${e.message}`,
                  {
                    cause: e,
                  },
                ),
          );
        },
      });
      this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  #failAll(e: Error): void {
    for (const [id, w] of this.#pending) {
      this.#pending.delete(id);
      w.reject(e);
    }
  }

  close(): void {
    this.socket.close();
  }
}
