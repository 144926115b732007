/**
 * Many axon-like node:http servers in one child process, so that a test or benchmark process holds only client
 * sockets. Usage:
 *   node --import tsx packages/dendrite/src/testing/axon-farm.ts --hotkey <ss58> [--normal N] [--hang N] [--reset N]
 *        [--delay-ms D] [--verify]
 * Prints one line `FARM_READY {"normal":[ports],"hang":[ports],"reset":[ports]}` and runs until stdin closes.
 * normal: answers Dummy (output = input × 2) like the Python axon, after D ms, and streams endless tokens on
 * /DummyStream; with --verify it checks the signature
 * (sr25519, against --hotkey) as an axon does. hang: never answers. reset: resets the connection on the first byte.
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Server } from 'node:net';
import { parseArgs } from 'node:util';
import { encodeJsonBody, fromHeaders, parseJson, toHeaders, verifyRequestSignature } from '@subnetkit/synapse';
import { cryptoReady } from '@subnetkit/wallet';
import { Dummy } from './fake-axon.js';

const { values } = parseArgs({
  options: {
    hotkey: { type: 'string' },
    normal: { type: 'string', default: '1' },
    hang: { type: 'string', default: '0' },
    reset: { type: 'string', default: '0' },
    'delay-ms': { type: 'string', default: '0' },
    verify: { type: 'boolean', default: false },
  },
});
const hotkey = values.hotkey ?? '';
const delay = Number(values['delay-ms']);
const verify = values.verify;
await cryptoReady();

const listen = (s: Server | import('node:http').Server) =>
  new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

function normal() {
  const server = createHttpServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const t0 = performance.now();
      if (req.url === '/DummyStream') {
        // Streams tokens every 10 ms until the client goes away (tests abandon it half-way).
        res.writeHead(200, { 'content-type': 'text/event-stream', bt_header_axon_status_code: '200' });
        let i = 0;
        const timer = setInterval(() => res.write(`tok${i++} `), 10);
        res.on('close', () => clearInterval(timer));
        return;
      }
      const reply = () => {
        if (verify) {
          const header = fromHeaders(Dummy, req.headers);
          const verdict = verifyRequestSignature(header, hotkey);
          if (!verdict.ok) {
            const body = JSON.stringify({ message: `Not Verified with error: ${verdict.message}` });
            res.writeHead(401, { 'content-type': 'application/json', bt_header_axon_status_code: '401' });
            res.end(body);
            return;
          }
        }
        const s = Dummy.fromBody(parseJson(Buffer.concat(parts)));
        s.output = s.input * 2;
        s.axon.status_code = 200;
        s.axon.status_message = 'Success';
        s.axon.process_time = (performance.now() - t0) / 1000;
        const body = encodeJsonBody(Dummy, s, 'compact');
        const headers: string[] = [
          'content-type',
          'application/json',
          'content-length',
          String(Buffer.byteLength(body)),
        ];
        for (const [k, v] of toHeaders(Dummy, s)) headers.push(k, v);
        res.writeHead(200, headers);
        res.end(body);
      };
      const safeReply = () => {
        try {
          reply();
        } catch (err) {
          const body = JSON.stringify({ message: `Internal Server Error: ${(err as Error).message}` });
          res.writeHead(500, { 'content-type': 'application/json', bt_header_axon_status_code: '500' });
          res.end(body);
        }
      };
      if (delay > 0) setTimeout(safeReply, delay);
      else safeReply();
    });
  });
  server.keepAliveTimeout = 30_000;
  return server;
}

const hang = () => createHttpServer(() => undefined);
const reset = () => createTcpServer((sock) => sock.on('data', () => sock.resetAndDestroy()));

const ports = {
  normal: await Promise.all(Array.from({ length: Number(values.normal) }, () => listen(normal()))),
  hang: await Promise.all(Array.from({ length: Number(values.hang) }, () => listen(hang()))),
  reset: await Promise.all(Array.from({ length: Number(values.reset) }, () => listen(reset()))),
};
process.stdout.write(`FARM_READY ${JSON.stringify(ports)}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
