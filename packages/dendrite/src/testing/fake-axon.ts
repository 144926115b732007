/**
 * Test support (not exported): small servers on 127.0.0.1 that answer the way the captured Python v10.2.0 axon does
 * (`vectors/python-peer-capture.txt`): signature checked against the axon's own hotkey, 401 with
 * `{"message": "Not Verified with error: …"}`, 200 with the compact synapse JSON and `to_headers()` of the result.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import {
  decodeJsonBody,
  defineSynapse,
  encodeJsonBody,
  type FieldShape,
  fromHeaders,
  type Synapse,
  type SynapseDefinition,
  t,
  toHeaders,
  verifyRequestSignature,
} from '@subnetkit/synapse';
import { Keypair } from '@subnetkit/wallet';
import { Dendrite } from '../dendrite.js';

export const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { input: t.int(), output: t.int().optional() },
  hashFields: ['input'],
  deserialize: (s) => s.output,
});

export const DummyStream = defineSynapse({
  name: 'DummyStream',
  fields: { count: t.int().default(3), tokens: t.list(t.str()).default([]) },
  hashFields: ['count'],
});

/** A synapse with a frozen field, to show a response cannot overwrite it. */
export const Guarded = defineSynapse({
  name: 'Guarded',
  fields: { prompt: t.str().frozen(), answer: t.str().optional() },
  hashFields: ['prompt'],
});

export const keys = {
  alice: () => Keypair.fromUri('//Alice'),
  bob: () => Keypair.fromUri('//Bob'),
  charlie: () => Keypair.fromUri('//Charlie'),
};

/**
 * The fixture most dendrite test files share: one //Alice Dendrite calling axons that //Bob keys, and the servers the
 * tests start, all closed after the enclosing `describe`. Call it at the top of the `describe` block.
 */
export function dendriteSuite() {
  let alice: Keypair | undefined;
  let bob: Keypair | undefined;
  let dendrite: Dendrite | undefined;
  const servers: Running[] = [];
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('dendriteSuite is used before its before() hook ran');
    return v;
  };
  before(async () => {
    alice = await keys.alice();
    bob = await keys.bob();
    dendrite = new Dendrite({ signer: alice });
  });
  after(async () => {
    await dendrite?.close();
    await Promise.all(servers.map((s) => s.close()));
  });
  return {
    get alice() {
      return ready(alice);
    },
    get bob() {
      return ready(bob);
    },
    get dendrite() {
      return ready(dendrite);
    },
    /** Servers to close after the block. */
    servers,
    /** Bob's axon at a server started here (or a bare port). */
    target: (s: Running | number) => ({
      ip: '127.0.0.1',
      port: typeof s === 'number' ? s : s.port,
      hotkey: ready(bob).address,
    }),
  };
}

export interface Running {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Starts a node:http server on 127.0.0.1 (random port). `close` also drops idle keep-alive sockets. */
export async function listen(
  handler: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void | Promise<void>,
  host = '127.0.0.1',
): Promise<Running> {
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      Promise.resolve(handler(req, Buffer.concat(parts), res)).catch((err) => {
        res.statusCode = 599;
        res.end(String(err));
      });
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  headers: [string, string][],
  body: string,
  contentType = 'application/json',
): void {
  const out: string[] = ['content-type', contentType, 'content-length', String(Buffer.byteLength(body))];
  for (const [k, v] of headers) out.push(k, v);
  res.writeHead(status, out);
  res.end(body);
}

export interface PythonLikeOptions {
  /** The axon's own hotkey (verification uses it, not the header's). */
  hotkey: string;
  defs?: SynapseDefinition<FieldShape, unknown>[];
  /** Fills the response; default: Dummy output = input × 2. */
  forward?: (synapse: Synapse<FieldShape>) => void | Promise<void>;
  delayMs?: number;
  /** Called with every request's header synapse (what the axon verified). */
  onRequest?: (header: Synapse<FieldShape>, req: IncomingMessage, body: Buffer) => void;
}

/** A handler that behaves like the Python axon for the given definitions. */
export function pythonLikeAxon(opts: PythonLikeOptions) {
  const defs = new Map<string, SynapseDefinition<FieldShape, unknown>>();
  for (const d of opts.defs ?? [Dummy as unknown as SynapseDefinition<FieldShape, unknown>]) defs.set(d.name, d);
  return async (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    const t0 = performance.now();
    const name = (req.url ?? '/').split('/')[1] ?? '';
    const def = defs.get(name);
    if (!def) {
      const message = `Synapse name '${name}' not found. Available synapses ${JSON.stringify([...defs.keys()])}`;
      sendJson(
        res,
        404,
        [
          ['bt_header_axon_status_code', '404'],
          ['bt_header_axon_status_message', message],
        ],
        JSON.stringify({ message }),
      );
      return;
    }
    const header = fromHeaders(def, req.headers);
    opts.onRequest?.(header, req, body);
    const verdict = verifyRequestSignature(header, opts.hotkey);
    if (!verdict.ok) {
      const message = `Not Verified with error: ${verdict.message}`;
      header.axon.status_code = 401;
      header.axon.status_message = message;
      sendJson(res, 401, toHeaders(def, header), JSON.stringify({ message }));
      return;
    }
    const s = decodeJsonBody(def, body);
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    if (opts.forward) await opts.forward(s);
    else (s as unknown as { output: number }).output = (s as unknown as { input: number }).input * 2;
    s.axon.status_code ??= 200;
    if (s.axon.status_code === 200) s.axon.status_message ??= 'Success';
    s.axon.process_time = (performance.now() - t0) / 1000;
    sendJson(res, s.axon.status_code, toHeaders(def, s), encodeJsonBody(def, s, 'compact'));
  };
}
