/**
 * Test support: a raw TCP server that records the exact bytes of each HTTP request it receives (no HTTP parser in
 * between, so header order and spelling are what the client wrote), then answers a fixed JSON error.
 */

import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { parseRawRequest, type RawRequest } from '@subnetkit/synapse';

export interface RawCapture {
  port: number;
  requests: { raw: Buffer; parsed: RawRequest }[];
  close(): Promise<void>;
}

function complete(buf: Buffer): boolean {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = buf.subarray(0, end).toString('latin1');
  const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  return buf.length >= end + 4 + (m ? Number(m[1]) : 0);
}

export async function rawCaptureServer(host = '127.0.0.1'): Promise<RawCapture> {
  const requests: RawCapture['requests'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!complete(buf)) return;
      requests.push({ raw: buf, parsed: parseRawRequest(buf) });
      buf = Buffer.alloc(0);
      const body = '{"message": "captured"}';
      socket.end(
        `HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
