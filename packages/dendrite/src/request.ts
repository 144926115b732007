/**
 * Building a request exactly as Python's `preprocess_synapse_for_request` + aiohttp do (spec §5.2, §2.2): timeout,
 * fresh dendrite and axon TerminalInfo, the signature over `{nonce}.{hotkey}.{axon_hotkey}.{uuid}.{body_hash}`,
 * headers in `to_headers()` order, then `content-type`, and the body as `json.dumps(model_dump())`.
 * Two subnetkit-only variants: a msgpack body, and Epistula v2 headers instead of the bt_header_* signature.
 */
import {
  bodyHash as computeBodyHash,
  type EpistulaDraft,
  encodeJsonBody,
  encodeMsgpackBody,
  epistulaDraft,
  epistulaHeadersFrom,
  type FieldShape,
  MSGPACK_CONTENT_TYPE,
  pyFloatRepr,
  type Synapse,
  type SynapseDefinition,
  signatureToHex,
  signedMessage,
  terminalInfo,
  toFlatHeaders,
} from '@subnetkit/synapse';
import type { Signer } from '@subnetkit/wallet';
import type { ResolvedTarget } from './axon-target.js';

export type BodyFormat = 'json' | 'msgpack';
export type Scheme = 'bittensor' | 'epistula';

export interface RequestContext {
  signer: Signer;
  uuid: string;
  externalIp: string;
  version: number;
  nonce: bigint;
  timeout: number;
  bodyFormat: BodyFormat;
  scheme: Scheme;
  /** The body hash when the caller already knows it (the same for every copy in a `forward`). */
  bodyHash?: string;
}

export interface PreparedRequest<S extends FieldShape> {
  /** The local synapse as sent: it receives the response. */
  synapse: Synapse<S>;
  path: string;
  /** Flat `[name, value, name, value, ...]`, the order kept on the wire. */
  headers: string[];
  body: string | Uint8Array;
}

const JSON_CONTENT_TYPE = 'application/json';
const TOTAL_SIZE_ZERO = '"total_size": 0';

/** Python puts `sys.getsizeof` here; any integer is accepted. subnetkit sends the body's byte length. */
function jsonBodyWithSize(body: string): { body: string; size: number } {
  const at = body.indexOf(TOTAL_SIZE_ZERO);
  if (at < 0) return { body, size: Buffer.byteLength(body) };
  const base = Buffer.byteLength(body) - 1;
  let size = base + 1;
  // The number's own digits are part of the size: find the fixed point (at most two steps).
  while (base + String(size).length !== size) size = base + String(size).length;
  return {
    body: `${body.slice(0, at)}"total_size": ${size}${body.slice(at + TOTAL_SIZE_ZERO.length)}`,
    size,
  };
}

/** The body as sent; `total_size` becomes its byte length (inside a JSON body too). */
function encodeBody<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  s: Synapse<S>,
  msgpack: boolean,
): string | Uint8Array {
  if (msgpack) {
    const body = encodeMsgpackBody(def, s);
    s.total_size = body.byteLength;
    return body;
  }
  const sized = jsonBodyWithSize(encodeJsonBody(def, s));
  s.total_size = sized.size;
  return sized.body;
}

/**
 * A request before its signatures: the synapse is filled and the messages to sign are known (one for the bittensor
 * scheme; for Epistula the request and, with a receiver, three secrets). The signatures may come from another thread.
 */
export interface UnsignedRequest {
  messages: string[];
  /** bittensor: the body hash the signature covers. */
  hash: string;
  /** Epistula: the body is final before signing (the signature covers its bytes). */
  epistula?: { body: string | Uint8Array; contentType: string; draft: EpistulaDraft };
}

function fillSynapse<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  s: Synapse<S>,
  target: ResolvedTarget,
  ctx: RequestContext,
): string {
  s.name = def.name;
  s.timeout = ctx.timeout;
  s.total_size = 0;
  s.header_size = 0;
  s.dendrite = terminalInfo({
    ip: ctx.externalIp,
    version: ctx.version,
    nonce: ctx.nonce,
    uuid: ctx.uuid,
    hotkey: ctx.signer.address,
  });
  s.axon = terminalInfo({ ip: target.ip, port: target.port, hotkey: target.hotkey });
  return ctx.bodyHash ?? computeBodyHash(def, s);
}

/** First half of a request: fills `synapse` (a fresh copy the caller owns) for `target`; returns what to sign. */
export function beginRequest<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  synapse: Synapse<S>,
  target: ResolvedTarget,
  ctx: RequestContext,
): UnsignedRequest {
  const hash = fillSynapse(def, synapse, target, ctx);
  if (ctx.scheme !== 'epistula') {
    const message = signedMessage({
      nonce: ctx.nonce,
      dendriteHotkey: ctx.signer.address,
      axonHotkey: target.hotkey,
      uuid: ctx.uuid,
      bodyHash: hash,
    });
    return { messages: [message], hash };
  }
  // Epistula signs the raw body bytes; the bt_header_* signature is not sent.
  const msgpack = ctx.bodyFormat === 'msgpack';
  const body = encodeBody(def, synapse, msgpack);
  const contentType = msgpack ? MSGPACK_CONTENT_TYPE : JSON_CONTENT_TYPE;
  const draft = epistulaDraft({
    body,
    signedBy: ctx.signer.address,
    signedFor: target.hotkey,
    timestampMs: Number(ctx.nonce / 1_000_000n),
    // Epistula's uuid is per request (receivers keep a (signed_by, uuid) replay store), not the dendrite's.
  });
  return { messages: draft.messages, hash, epistula: { body, contentType, draft } };
}

/** Second half: records the signatures (one per message, in order) and serialises headers and body. */
export function finishRequest<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  s: Synapse<S>,
  ctx: RequestContext,
  unsigned: UnsignedRequest,
  signatures: readonly Uint8Array[],
): PreparedRequest<S> {
  const path = `/${def.name}`;
  const msgpack = ctx.bodyFormat === 'msgpack';
  if (unsigned.epistula) {
    const { body, contentType, draft } = unsigned.epistula;
    const headers: string[] = ['name', def.name, 'timeout', pyFloatRepr(ctx.timeout)];
    for (const [k, v] of Object.entries(epistulaHeadersFrom(draft, signatures))) headers.push(k.toLowerCase(), v);
    headers.push('content-type', contentType);
    if (msgpack) headers.push('accept', `${MSGPACK_CONTENT_TYPE}, ${JSON_CONTENT_TYPE}`);
    return { synapse: s, path, headers, body };
  }
  s.dendrite.signature = signatureToHex(signatures[0]!);
  const body = encodeBody(def, s, msgpack);
  const headers = toFlatHeaders(def, s, { bodyHash: unsigned.hash, totalSize: s.total_size ?? 0 });
  if (msgpack) {
    headers.push('content-type', MSGPACK_CONTENT_TYPE, 'accept', `${MSGPACK_CONTENT_TYPE}, ${JSON_CONTENT_TYPE}`);
  } else {
    headers.push('content-type', JSON_CONTENT_TYPE);
  }
  return { synapse: s, path, headers, body };
}

/** Both halves, signing on the calling thread with `ctx.signer`. Mutates `synapse` and returns it in the result. */
export function prepareRequest<S extends FieldShape>(
  def: SynapseDefinition<S, unknown>,
  synapse: Synapse<S>,
  target: ResolvedTarget,
  ctx: RequestContext,
): PreparedRequest<S> {
  const unsigned = beginRequest(def, synapse, target, ctx);
  return finishRequest(
    def,
    synapse,
    ctx,
    unsigned,
    unsigned.messages.map((m) => ctx.signer.sign(m)),
  );
}
