/**
 * The fastify server of an axon: limits and deadlines from the options, connection caps, answers for what Node's
 * parser or fastify refuse before a route runs (same headers and `{"message"}` body as every error), `GET /health`,
 * `GET /metrics`, and `POST|GET /:synapse` handed to `handle`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { isClientErrorStatus, shortText, statusOf } from '@subnetkit/synapse';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';
import { clientErrorAnswer, guardConnections, rawErrorResponse, refuseSocket } from './connections.js';
import { type AxonContext, unknownSynapseMessage } from './context.js';
import { internalErrorMessage } from './error-answer.js';
import { sendBareError } from './replies.js';
import { decodeURIComponentSafe } from './request-control.js';

export type App = FastifyInstance<Server, IncomingMessage, ServerResponse, Logger>;

/** Socket inactivity allowed beyond the longest forward, so only dead connections hit it. */
const IDLE_SLACK_MS = 30_000;

export function buildServer(
  ctx: AxonContext,
  handle: (req: FastifyRequest, reply: FastifyReply) => Promise<void>,
): App {
  const o = ctx.options;
  const headersTimeout = o.headersTimeoutMs;
  const requestTimeout = Math.max(o.requestTimeoutMs, headersTimeout);
  const malformed = statusOf('AXON_MALFORMED_REQUEST');
  const app = Fastify({
    loggerInstance: ctx.log,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: o.bodyLimit,
    http: {
      maxHeaderSize: o.maxHeaderSize,
      headersTimeout,
      // How often Node checks the two deadlines above (its default, 30 s, let slow connections live far past them).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, headersTimeout / 4)),
    },
    requestTimeout,
    keepAliveTimeout: o.keepAliveTimeoutMs,
    connectionTimeout: o.maxTimeoutMs + IDLE_SLACK_MS,
    exposeHeadRoutes: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    genReqId: () => randomUUID(),
    // Requests Node's parser refuses never reach fastify: answer them like every other error.
    clientErrorHandler: (err, socket) => {
      if ((err as { code?: string }).code === 'ECONNRESET' || !socket.writable) {
        socket.destroy();
        return;
      }
      const { status, message } = clientErrorAnswer(err);
      refuseSocket(socket, status, message);
    },
    frameworkErrors: (err, _req, reply) => {
      sendBareError(reply, malformed, `Malformed request: ${shortText(err.message)}`, 0);
    },
  });
  guardConnections(app.server, {
    maxConnections: o.maxConnections,
    maxConnectionsPerAddress: o.maxConnectionsPerAddress,
  });
  // Node answers an `Expect` it cannot meet with a bare 417; with a listener the answer is ours.
  app.server.on('checkExpectation', (req, res) => {
    const message = `Expectation failed: ${JSON.stringify(String(req.headers.expect).slice(0, 100))} is not supported`;
    res.socket?.end(rawErrorResponse(statusOf('AXON_EXPECTATION_FAILED'), message));
    res.socket?.destroySoon?.();
  });
  // HTTP/1.x only (Node's parser also reads an `HTTP/2.0` request line), and one Host header (RFC 9112 §3.2).
  app.addHook('onRequest', async (req, reply) => {
    const v = req.raw.httpVersion;
    if (v !== '1.1' && v !== '1.0')
      return sendBareError(
        reply.header('connection', 'close'),
        malformed,
        `HTTP/${v} is not supported: use HTTP/1.1`,
        0,
      );
    let hosts = 0;
    const raw = req.raw.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) if (raw[i]!.length === 4 && raw[i]!.toLowerCase() === 'host') hosts++;
    if (hosts > 1)
      return sendBareError(
        reply.header('connection', 'close'),
        malformed,
        'Malformed request: more than one Host header',
        0,
      );
  });
  // Bodies stay raw bytes: they are parsed by the synapse codec (lossless 19-digit nonces, Python float rules), not
  // JSON.parse, and only after the signature has been checked.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  if (ctx.metrics) {
    const metrics = ctx.metrics;
    app.addHook('onResponse', (req, reply, done) => {
      // Route names are the only labels (anything else is `unknown`), so clients cannot grow the label set.
      const url = req.routeOptions.url;
      if (url !== '/health' && url !== '/metrics') {
        const name = (req.params as { synapse?: string } | undefined)?.synapse;
        const label = name !== undefined && ctx.routes.has(name) ? name : 'unknown';
        metrics.observe(label, reply.statusCode, reply.elapsedTime / 1000);
      }
      done();
    });
    app.get('/metrics', async (_req, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    });
  }
  if (o.health) {
    app.get('/health', async (_req, reply) => reply.header('content-type', 'application/json').send(ctx.healthBody()));
  }
  // Returning the reply tells fastify the answer is (being) sent, which a streamed body needs.
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    await handle(req, reply);
    return reply;
  };
  app.post('/:synapse', handler);
  app.get('/:synapse', handler);

  app.setNotFoundHandler((req, reply) => {
    const name = (req.url.split('?')[0] ?? '').split('/')[1] ?? '';
    sendBareError(reply, statusOf('AXON_UNKNOWN_SYNAPSE'), unknownSynapseMessage(ctx, decodeURIComponentSafe(name)), 0);
  });
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    // fastify's own refusals (415, …) keep their 4xx status and message; anything else is opaque.
    let status = err.statusCode ?? statusOf('AXON_INTERNAL');
    let message = internalErrorMessage(req.id);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = statusOf('AXON_BODY_TOO_LARGE');
      message = `Request body is too large: the limit is ${app.initialConfig.bodyLimit} bytes`;
    } else if (isClientErrorStatus(status)) message = err.message;
    else ctx.log.error({ reqId: req.id, err }, 'unhandled error');
    sendBareError(reply, status, message, 0);
  });
  return app;
}
