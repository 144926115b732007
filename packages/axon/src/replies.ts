/**
 * Writing answers on a fastify reply (spec §2.4): a synapse (JSON, or msgpack when the request was msgpack), a stream
 * (`text/event-stream`, headers first, raw chunks), or an error (`{"message"}` with the header synapse's headers, or a
 * bare `Synapse`'s when the request never got that far). `content-type` is always set explicitly.
 */
import { Readable } from 'node:stream';
import {
  encodeJsonBody,
  encodeMsgpackBody,
  type FieldShape,
  isHttpStatus,
  MSGPACK_CONTENT_TYPE,
  STATUS,
  type Synapse,
  type SynapseDefinition,
  terminalInfo,
  toHeaders,
} from '@subnetkit/synapse';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AxonError } from './errors.js';
import { isMsgpack, type RequestControl } from './request-control.js';
import { bareErrorHeaders, errorBody, headerRecord, synapseErrorHeaders } from './responses.js';

/** An error answer with a bare `Synapse`'s headers (unknown route, unparsable headers, server-level errors). */
export function sendBareError(reply: FastifyReply, status: number, message: string, processTime: number): void {
  reply
    .code(status)
    .headers(bareErrorHeaders(status, message, processTime))
    .header('content-type', 'application/json')
    .send(errorBody(message));
}

/** An error answer carrying the header synapse `hs` (its axon block already holds the status and message). */
export function sendSynapseError(
  reply: FastifyReply,
  def: SynapseDefinition<FieldShape, unknown>,
  hs: Synapse<FieldShape>,
  status: number,
  message: string,
): void {
  reply
    .code(status)
    .headers(synapseErrorHeaders(def, hs))
    .header('content-type', 'application/json')
    .send(errorBody(message));
}

/** The forward's synapse as the answer. `knownHash`: the body hash when the hashed fields are unchanged. */
export function sendSynapse(
  req: FastifyRequest,
  reply: FastifyReply,
  def: SynapseDefinition<FieldShape, unknown>,
  out: Synapse<FieldShape>,
  t0: number,
  knownHash?: string,
): void {
  const axon = out.axon ?? terminalInfo();
  out.axon = axon;
  if (axon.status_code === null || axon.status_code === 100) axon.status_code = STATUS.SUCCESS;
  if (!isHttpStatus(axon.status_code) || axon.status_code < STATUS.SUCCESS)
    throw new AxonError(
      'AXON_INVALID_OPTIONS',
      `forward set axon.status_code to ${axon.status_code}, not an HTTP status`,
    );
  if (axon.status_code === STATUS.SUCCESS && !axon.status_message) axon.status_message = 'Success';
  axon.process_time = (performance.now() - t0) / 1000;
  const msgpack = isMsgpack(req);
  // A Buffer, so fastify sends `application/json` as set (it appends a charset to string payloads; Python does not).
  const payload = msgpack ? Buffer.from(encodeMsgpackBody(def, out)) : Buffer.from(encodeJsonBody(def, out, 'compact'));
  const headers = headerRecord(
    toHeaders(def, out, knownHash ? { totalSize: payload.length, bodyHash: knownHash } : { totalSize: payload.length }),
  );
  reply
    .code(axon.status_code)
    .headers(headers)
    .header('content-type', msgpack ? MSGPACK_CONTENT_TYPE : 'application/json')
    .send(payload);
}

/** Streams `chunks` as raw bytes after the synapse's headers; `done` runs when the stream closes. */
export function sendStream(
  reply: FastifyReply,
  def: SynapseDefinition<FieldShape, unknown>,
  body: Synapse<FieldShape>,
  chunks: AsyncIterable<string | Uint8Array>,
  ac: RequestControl,
  t0: number,
  done: () => void,
): void {
  body.axon.status_code = STATUS.SUCCESS;
  body.axon.status_message = 'Success';
  body.axon.process_time = (performance.now() - t0) / 1000;
  const headers = headerRecord(toHeaders(def, body));
  const log = reply.log;
  async function* pump(): AsyncGenerator<Buffer> {
    const it = chunks[Symbol.asyncIterator]();
    try {
      while (!ac.signal.aborted) {
        const next = await ac.race(it.next());
        if (next.done) return;
        const v = next.value;
        yield typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      }
      // Aborted while the consumer was slow (the pump sat at a yield): a cut stream must not end cleanly.
      throw ac.signal.reason;
    } catch (err) {
      // Headers are gone already: the only signal left to the client is a broken (unterminated) stream.
      log.warn({ err: (err as Error)?.message }, 'stream cut');
      throw err;
    } finally {
      // Not awaited: a generator stuck in an await would hold the stream open; it ends when its await settles.
      Promise.resolve(it.return?.()).catch(() => {});
    }
  }
  const stream = Readable.from(pump(), { objectMode: false });
  stream.once('close', done);
  reply.code(STATUS.SUCCESS).headers(headers).header('content-type', 'text/event-stream').send(stream);
}
