/**
 * Answering a failed request: a `RequestRejected` (or another package's error that exposes a status) is answered with
 * its status and message; anything else is `Internal Server Error #<request id>` with the details only in the log.
 * With the header synapse known, the answer carries its headers and, like Python, the axon's signature.
 */
import {
  axonSignedMessage,
  type FieldShape,
  isClientErrorStatus,
  type Synapse,
  type SynapseDefinition,
  signatureToHex,
  statusOf,
} from '@subnetkit/synapse';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AxonContext, elapsedSeconds } from './context.js';
import { exposedStatus, RequestRejected } from './errors.js';
import { sendBareError, sendSynapseError } from './replies.js';

/** The message of an unexpected failure: opaque to the caller, matched in the log by the request id. */
export function internalErrorMessage(requestId: string): string {
  return `Internal Server Error #${requestId}`;
}

export function answerError(
  ctx: AxonContext,
  req: FastifyRequest,
  reply: FastifyReply,
  def: SynapseDefinition<FieldShape, unknown>,
  hs: Synapse<FieldShape> | undefined,
  err: unknown,
  t0: number,
): void {
  let status = statusOf('AXON_INTERNAL');
  let message = internalErrorMessage(req.id);
  const exposed = err instanceof RequestRejected ? err.status : exposedStatus(err);
  if (exposed !== undefined) {
    status = exposed;
    message = err instanceof RequestRejected ? err.shortMessage : (err as Error).message;
    // A refusal (4xx) is routine; anything else is worth a warning.
    if (isClientErrorStatus(status)) req.log.debug({ status, msg: message }, 'request refused');
    else req.log.warn({ status, msg: message }, 'request failed');
  } else {
    req.log.error({ err }, 'forward failed');
  }
  if (reply.sent || reply.raw.headersSent) return;
  const processTime = elapsedSeconds(t0);
  if (!hs) {
    sendBareError(reply, status, message, processTime);
    return;
  }
  hs.axon.status_code = status;
  hs.axon.status_message = message;
  hs.axon.process_time = processTime;
  const signer = ctx.signer();
  if (ctx.options.signErrors && signer && ctx.errorSignatures.take('') === 0) {
    const m = axonSignedMessage({
      nonce: hs.axon.nonce ?? 0n,
      dendriteHotkey: hs.dendrite.hotkey ?? 'None',
      axonHotkey: hs.axon.hotkey ?? 'None',
      uuid: ctx.uuid,
    });
    hs.axon.signature = signatureToHex(signer.sign(m));
  }
  sendSynapseError(reply, def, hs, status, message);
}
