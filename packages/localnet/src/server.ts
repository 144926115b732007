/**
 * A small JSON-RPC 2.0 WebSocket server in front of chopsticks-core's RPC handlers (the same handler table its
 * in-process provider uses), so processes other than this one can share the chain with @polkadot/api's WsProvider.
 */
import { allHandlers, type Blockchain, ResponseError, type SubscriptionManager } from '@acala-network/chopsticks-core';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { LocalnetError } from './errors.js';

export interface ServeOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port; default 9944, 0 picks a free one. */
  port?: number;
  /** Concurrent connections accepted (default 256); more are refused with close code 1013. */
  maxConnections?: number;
}

export interface LocalnetServer {
  /** `ws://host:port` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Resolves once the server has stopped. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

const MAX_SUBSCRIPTIONS_PER_CONNECTION = 1024;
/** Notifications held back until the subscribe call's own answer has gone out. */
const MAX_EARLY_NOTIFICATIONS = 64;
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const MAX_BATCH = 256;

interface Subscription {
  method: string;
  onCancel: (() => void) | undefined;
  /** The subscribe call's answer has gone out: notifications are sent as they come. */
  live: boolean;
  /** The handler ended it before it went live (e.g. a watched extrinsic finished at once): flush, then drop. */
  ended: boolean;
  early: unknown[];
}

interface JsonRpcRequest {
  jsonrpc?: string;
  id?: string | number | null;
  method?: unknown;
  params?: unknown;
}

export async function serveLocalnet(chain: Blockchain, options: ServeOptions = {}): Promise<LocalnetServer> {
  const host = options.host ?? '127.0.0.1';
  const maxConnections = options.maxConnections ?? 256;
  const wss = new WebSocketServer({ host, port: options.port ?? 9944, maxPayload: MAX_MESSAGE_BYTES });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', (cause) =>
      reject(
        new LocalnetError(
          'LOCALNET_SERVER_FAILED',
          `cannot listen on ${host}:${options.port ?? 9944}: ${cause.message}`,
          {
            cause,
          },
        ),
      ),
    );
  });
  const address = wss.address();
  const port = address && typeof address === 'object' ? address.port : (options.port ?? 9944);

  wss.on('connection', (socket) => {
    if (wss.clients.size > maxConnections) {
      socket.close(1013, 'too many connections');
      return;
    }
    serveConnection(chain, socket);
  });

  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => {
    resolveClosed = r;
  });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    }).then(resolveClosed);
    return closing;
  };
  return {
    url: `ws://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    closed,
    close,
    [Symbol.asyncDispose]: close,
  };
}

function serveConnection(chain: Blockchain, socket: WebSocket): void {
  const subscriptions = new Map<string, Subscription>();

  const send = (message: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const notify = (id: string, sub: Subscription, result: unknown) =>
    send({ jsonrpc: '2.0', method: sub.method, params: { subscription: id, result } });

  /** One manager per request, so the subscriptions a call opened are known when its answer goes out. */
  const managerFor = (opened: string[]): SubscriptionManager => ({
    subscribe(method, subid, onCancel) {
      if (subscriptions.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
        onCancel?.();
        throw new ResponseError(
          -32000,
          `too many subscriptions on this connection (max ${MAX_SUBSCRIPTIONS_PER_CONNECTION})`,
        );
      }
      const id = String(subid);
      const sub: Subscription = { method, onCancel, live: false, ended: false, early: [] };
      subscriptions.set(id, sub);
      opened.push(id);
      return (data: unknown) => {
        if (subscriptions.get(id) !== sub || sub.ended) return; // already unsubscribed
        if (sub.live) notify(id, sub, data);
        else if (sub.early.length < MAX_EARLY_NOTIFICATIONS) sub.early.push(data);
      };
    },
    unsubscribe(subid) {
      const id = String(subid);
      const sub = subscriptions.get(id);
      if (!sub || sub.ended) return;
      sub.ended = true;
      sub.onCancel?.();
      // Not live yet: keep it until its early notifications are flushed after the subscribe answer.
      if (sub.live) subscriptions.delete(id);
    },
  });

  const handle = async (req: JsonRpcRequest, opened: string[]): Promise<unknown> => {
    const id = req?.id ?? null;
    if (typeof req !== 'object' || req === null || typeof req.method !== 'string') {
      return { jsonrpc: '2.0', id, error: { code: -32600, message: 'invalid request' } };
    }
    const handler = allHandlers[req.method];
    if (!handler) return { jsonrpc: '2.0', id, error: { code: -32601, message: `method not found: ${req.method}` } };
    try {
      const params = req.params === undefined ? [] : req.params;
      const result = await handler({ chain }, params, managerFor(opened));
      return { jsonrpc: '2.0', id, result: result ?? null };
    } catch (err) {
      const e = err as Error & { code?: unknown };
      const code = err instanceof ResponseError ? e.code : -32603;
      return { jsonrpc: '2.0', id, error: { code, message: e.message ?? String(err) } };
    }
  };

  /**
   * After a call's answer is sent: the subscription it returned goes live (early notifications first); any other it
   * opened (the call failed) is cancelled and dropped.
   */
  const settle = (response: unknown, opened: string[]) => {
    const result = (response as { result?: unknown }).result;
    for (const id of opened) {
      const sub = subscriptions.get(id);
      if (!sub) continue;
      if (String(result) === id && !sub.live) {
        sub.live = true;
        for (const data of sub.early.splice(0)) notify(id, sub, data);
        if (sub.ended) subscriptions.delete(id);
      } else if (!sub.live) {
        subscriptions.delete(id);
        if (!sub.ended) sub.onCancel?.();
      }
    }
  };

  socket.on('message', async (raw: RawData) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString());
    } catch {
      send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
      return;
    }
    if (Array.isArray(parsed)) {
      if (parsed.length === 0 || parsed.length > MAX_BATCH) {
        send({ jsonrpc: '2.0', id: null, error: { code: -32600, message: `batch must hold 1..${MAX_BATCH} calls` } });
        return;
      }
      const opened = parsed.map(() => [] as string[]);
      const responses = await Promise.all(parsed.map((r, i) => handle(r as JsonRpcRequest, opened[i] as string[])));
      send(responses);
      for (const [i, r] of responses.entries()) settle(r, opened[i] as string[]);
      return;
    }
    const opened: string[] = [];
    const response = await handle(parsed as JsonRpcRequest, opened);
    send(response);
    settle(response, opened);
  });

  socket.on('close', () => {
    for (const [id, sub] of subscriptions) {
      subscriptions.delete(id);
      if (!sub.ended) sub.onCancel?.();
    }
  });
  socket.on('error', () => socket.terminate());
}
