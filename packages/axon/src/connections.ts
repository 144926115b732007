/**
 * What happens below fastify: connection caps (per peer address and in total) and answers to requests Node's HTTP
 * parser refuses before fastify sees them (bad header bytes, unknown methods, oversized headers, `Expect` values it
 * cannot meet). Those answers carry the same `bt_header_axon_*` headers and `{"message"}` body as every other error, so
 * a Python dendrite reads them like any refusal.
 */
import { readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import type { Server, Socket } from 'node:net';
import { shortText, statusOf } from '@subnetkit/synapse';
import { bareErrorHeaders, errorBody } from './responses.js';

/** The raw bytes of an error answer (`connection: close`), for sockets fastify does not own. */
export function rawErrorResponse(status: number, message: string, extra: Record<string, string> = {}): Buffer {
  const body = errorBody(message);
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`];
  for (const [k, v] of Object.entries({ ...bareErrorHeaders(status, message, 0), ...extra })) lines.push(`${k}: ${v}`);
  lines.push('content-type: application/json', `content-length: ${body.length}`, 'connection: close');
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/**
 * Answers `status` on a socket and closes it: reading stops (nothing more is parsed), the answer is flushed, and the
 * socket is destroyed shortly after even if the peer never closes its side.
 */
export function refuseSocket(socket: Socket, status: number, message: string, extra?: Record<string, string>): void {
  socket.pause();
  if (socket.writable && !socket.writableEnded) socket.end(rawErrorResponse(status, message, extra));
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** Status and message for an error Node's HTTP parser raised on a connection (fastify's `clientErrorHandler`). */
export function clientErrorAnswer(err: Error & { code?: string }): { status: number; message: string } {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: statusOf('AXON_HEADERS_TOO_LARGE'), message: 'Request header fields too large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: statusOf('AXON_REQUEST_TIMEOUT'),
        message: 'Request timeout: the request did not arrive in time',
      };
    default:
      return {
        status: statusOf('AXON_MALFORMED_REQUEST'),
        message: `Malformed HTTP request: ${shortText(err.message)}${err.code ? ` (${err.code})` : ''}`,
      };
  }
}

/** The soft limit on open files of this process (Linux `/proc`), or undefined elsewhere. */
export function openFileLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Descriptors kept free for everything but client connections (worker threads, logs, the wallet, outgoing calls). */
export const RESERVED_FILES = 128;

export interface ConnectionCaps {
  maxConnections: number;
  maxConnectionsPerAddress: number;
}

/**
 * Counts open connections per peer address and in total; a connection beyond either cap is answered 503 and
 * closed at once, so a flood of idle sockets cannot take every file descriptor. Returns the live counts, for tests
 * and metrics.
 */
export function guardConnections(server: Server, caps: ConnectionCaps): { total(): number; refused(): number } {
  const perAddress = new Map<string, number>();
  let total = 0;
  let refused = 0;
  server.on('connection', (socket: Socket) => {
    const addr = socket.remoteAddress ?? '';
    const n = perAddress.get(addr) ?? 0;
    if (total >= caps.maxConnections || n >= caps.maxConnectionsPerAddress) {
      refused++;
      const which = total >= caps.maxConnections ? 'in total' : 'from your address';
      refuseSocket(socket, statusOf('AXON_UNAVAILABLE'), `Service unavailable: too many open connections ${which}`, {
        'retry-after': '1',
      });
      return;
    }
    total++;
    perAddress.set(addr, n + 1);
    socket.once('close', () => {
      total--;
      const left = (perAddress.get(addr) ?? 1) - 1;
      if (left <= 0) perAddress.delete(addr);
      else perAddress.set(addr, left);
    });
  });
  return { total: () => total, refused: () => refused };
}
