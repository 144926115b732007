/**
 * Epistula v2 (spec/epistula.md): a signed-header scheme some subnets use instead of the axon protocol. The sender signs
 * `{sha256(body)}.{uuid}.{timestamp_ms}.{signed_for or ''}` with its hotkey; the receiver checks freshness, the
 * signature, that it is the intended receiver, and (unlike the reference) rejects replays and far-future timestamps.
 */
import { createHash, randomUUID } from 'node:crypto';
import { SynapseError } from './errors.js';
import { type HeaderInput, headerMap } from './headers.js';
import { pyFloatRepr } from './py-repr.js';
import { signatureToHex, verifySignature } from './signing.js';

/** The part of a wallet `Signer` Epistula needs. */
export interface EpistulaSigner {
  readonly address: string;
  sign(message: Uint8Array | string): Uint8Array;
}

export interface EpistulaSignParams {
  body: Uint8Array | string;
  signer: EpistulaSigner;
  /** The receiver's SS58 hotkey; adds `Epistula-Signed-For` and the three secret signatures. */
  signedFor?: string;
  timestampMs?: number;
  uuid?: string;
}

function sha256Hex(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The signed message. */
export function epistulaMessage(
  bodySha256: string,
  uuid: string,
  timestampMs: number | string,
  signedFor?: string,
): string {
  return `${bodySha256}.${uuid}.${timestampMs}.${signedFor ?? ''}`;
}

/** `ceil(ts / 1e4) * 1e4 + offset` written as the Python float it is (`1763772020000.0`). */
export function epistulaSecretMessage(timestampMs: number, offset: -1 | 0 | 1, signedFor: string): string {
  const interval = Math.ceil(timestampMs / 1e4) * 1e4;
  return `${pyFloatRepr(interval + offset)}.${signedFor}`;
}

/**
 * An Epistula request before its signatures: the messages to sign, in order (the request, then with `signedFor` the
 * three secrets). `epistulaHeadersFrom` assembles the headers once they are signed, on any thread.
 */
export interface EpistulaDraft {
  timestampMs: number;
  uuid: string;
  signedBy: string;
  signedFor?: string;
  messages: string[];
}

export function epistulaDraft(p: Omit<EpistulaSignParams, 'signer'> & { signedBy: string }): EpistulaDraft {
  const ts = p.timestampMs ?? Date.now();
  if (!Number.isSafeInteger(ts) || ts < 0)
    throw new SynapseError('SYNAPSE_INVALID_EPISTULA', 'timestampMs must be a non-negative integer');
  const uuid = p.uuid ?? randomUUID();
  const messages = [epistulaMessage(sha256Hex(p.body), uuid, ts, p.signedFor)];
  if (p.signedFor)
    for (const offset of [-1, 0, 1] as const) messages.push(epistulaSecretMessage(ts, offset, p.signedFor));
  return { timestampMs: ts, uuid, signedBy: p.signedBy, ...(p.signedFor ? { signedFor: p.signedFor } : {}), messages };
}

/** The `Epistula-*` headers of a draft, given one signature per draft message. */
export function epistulaHeadersFrom(draft: EpistulaDraft, signatures: readonly Uint8Array[]): Record<string, string> {
  if (signatures.length !== draft.messages.length)
    throw new SynapseError(
      'SYNAPSE_INVALID_EPISTULA',
      `${draft.messages.length} signatures needed, ${signatures.length} given`,
    );
  const headers: Record<string, string> = {
    'Epistula-Version': '2',
    'Epistula-Timestamp': String(draft.timestampMs),
    'Epistula-Uuid': draft.uuid,
    'Epistula-Signed-By': draft.signedBy,
    'Epistula-Request-Signature': signatureToHex(signatures[0]!),
  };
  if (draft.signedFor) {
    headers['Epistula-Signed-For'] = draft.signedFor;
    for (let i = 0; i < 3; i++) headers[`Epistula-Secret-Signature-${i}`] = signatureToHex(signatures[i + 1]!);
  }
  return headers;
}

/** The `Epistula-*` request headers for a body. */
export function epistulaHeaders(p: EpistulaSignParams): Record<string, string> {
  const draft = epistulaDraft({ ...p, signedBy: p.signer.address });
  return epistulaHeadersFrom(
    draft,
    draft.messages.map((m) => p.signer.sign(m)),
  );
}

export interface EpistulaVerifierOptions {
  /** This receiver's hotkey: a request signed for someone else is rejected. */
  receiverHotkey?: string;
  /** Oldest accepted timestamp, ms before now. Default 8000 (the reference's). */
  allowedDeltaMs?: number;
  /** Latest accepted timestamp, ms after now. Default 8000. */
  maxFutureMs?: number;
  /** Replay store bound. Default 100 000. */
  maxEntries?: number;
  clock?: () => number;
}

export type EpistulaFailure =
  | 'MISSING_HEADER'
  | 'MALFORMED'
  | 'UNSUPPORTED_VERSION'
  | 'STALE'
  | 'FUTURE'
  | 'WRONG_RECEIVER'
  | 'BAD_SIGNATURE'
  | 'REPLAY';

export type EpistulaVerdict =
  | { ok: true; signedBy: string; signedFor: string | null; uuid: string; timestampMs: number }
  | { ok: false; code: EpistulaFailure; message: string };

/**
 * Verifies Epistula requests and remembers `(signed_by, uuid)` pairs for the freshness window, so a captured request
 * cannot be replayed. The store is bounded: entries older than the window are dropped (they would fail as stale), and
 * when the bound forces out a live entry its timestamp becomes a floor that later requests must exceed.
 */
export class EpistulaVerifier {
  readonly #seen = new Map<string, number>();
  readonly #opts: Required<Omit<EpistulaVerifierOptions, 'receiverHotkey'>> & { receiverHotkey?: string };
  #floor = Number.NEGATIVE_INFINITY;

  constructor(options: EpistulaVerifierOptions = {}) {
    this.#opts = {
      allowedDeltaMs: options.allowedDeltaMs ?? 8000,
      maxFutureMs: options.maxFutureMs ?? 8000,
      maxEntries: options.maxEntries ?? 100_000,
      clock: options.clock ?? Date.now,
      ...(options.receiverHotkey ? { receiverHotkey: options.receiverHotkey } : {}),
    };
  }

  get size(): number {
    return this.#seen.size;
  }

  verify(headers: HeaderInput, body: Uint8Array | string): EpistulaVerdict {
    const h = headerMap(headers);
    const fail = (code: EpistulaFailure, message: string): EpistulaVerdict => ({ ok: false, code, message });
    const version = h.get('epistula-version');
    const tsText = h.get('epistula-timestamp');
    const uuid = h.get('epistula-uuid');
    const signedBy = h.get('epistula-signed-by');
    const signature = h.get('epistula-request-signature');
    const signedFor = h.get('epistula-signed-for') || null;
    for (const [name, v] of [
      ['Epistula-Timestamp', tsText],
      ['Epistula-Uuid', uuid],
      ['Epistula-Signed-By', signedBy],
      ['Epistula-Request-Signature', signature],
    ] as const) {
      if (!v) return fail('MISSING_HEADER', `${name} header is missing`);
    }
    if (version !== undefined && version !== '2')
      return fail('UNSUPPORTED_VERSION', `Epistula-Version ${version} is not 2`);
    if (!/^\d{1,16}$/.test(tsText!)) return fail('MALFORMED', 'Epistula-Timestamp is not an integer of milliseconds');
    if (uuid!.length !== 36) return fail('MALFORMED', 'Epistula-Uuid must be 36 characters');
    if (!/^0x[0-9a-fA-F]{128}$/.test(signature!))
      return fail('MALFORMED', 'Epistula-Request-Signature must be 0x followed by 128 hex characters');
    const ts = Number(tsText);
    const now = this.#opts.clock();
    this.#expire(now);
    if (ts + this.#opts.allowedDeltaMs < now)
      return fail('STALE', `request is ${now - ts} ms old (limit ${this.#opts.allowedDeltaMs})`);
    if (ts > now + this.#opts.maxFutureMs)
      return fail('FUTURE', `timestamp is ${ts - now} ms in the future (limit ${this.#opts.maxFutureMs})`);
    if (signedFor && this.#opts.receiverHotkey && signedFor !== this.#opts.receiverHotkey)
      return fail('WRONG_RECEIVER', `request is signed for ${signedFor}, not this receiver`);
    const message = epistulaMessage(sha256Hex(body), uuid!, tsText!, signedFor ?? undefined);
    let good: false | string;
    try {
      good = verifySignature(message, signature!, signedBy!);
    } catch (err) {
      return fail('MALFORMED', (err as Error).message);
    }
    if (!good) return fail('BAD_SIGNATURE', 'signature does not verify for Epistula-Signed-By');
    const key = `${signedBy}:${uuid}`;
    if (this.#seen.has(key) || ts <= this.#floor) return fail('REPLAY', 'request was already seen');
    this.#seen.set(key, ts);
    while (this.#seen.size > this.#opts.maxEntries) {
      const [k, t] = this.#seen.entries().next().value as [string, number];
      this.#seen.delete(k);
      if (t > this.#floor) this.#floor = t;
    }
    return { ok: true, signedBy: signedBy!, signedFor, uuid: uuid!, timestampMs: ts };
  }

  #expire(now: number): void {
    const dead = now - this.#opts.allowedDeltaMs;
    for (const [k, t] of this.#seen) {
      if (t >= dead) break;
      this.#seen.delete(k);
    }
  }
}
