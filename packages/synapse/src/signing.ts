/**
 * The signed messages (spec §3.2, §3.5) and sr25519 verification as bittensor_wallet does it: the raw UTF-8 message
 * first, then the `<Bytes>…</Bytes>`-wrapped one (polkadot-js `signRaw` style).
 */
import { decodeAddress } from '@polkadot/util-crypto';
import type { SynapseBase } from './define.js';
import { SynapseError, shortText } from './errors.js';
import { sr25519Ready, verifySr25519 } from './sr25519.js';

export interface RequestSignatureParts {
  nonce: bigint | number | string;
  dendriteHotkey: string;
  axonHotkey: string;
  uuid: string;
  bodyHash: string;
}

/** `{nonce}.{dendrite_hotkey}.{axon_hotkey}.{uuid}.{body_hash}`: what the dendrite signs. */
export function signedMessage(p: RequestSignatureParts): string {
  return `${p.nonce}.${p.dendriteHotkey}.${p.axonHotkey}.${p.uuid}.${p.bodyHash}`;
}

/** `{axon_nonce}.{dendrite_hotkey}.{axon_hotkey}.{axon_uuid}`: what a Python axon signs back (never verified). */
export function axonSignedMessage(p: Omit<RequestSignatureParts, 'bodyHash'>): string {
  return `${p.nonce}.${p.dendriteHotkey}.${p.axonHotkey}.${p.uuid}`;
}

/** Python's f-string of a possibly-None value. */
function py(v: unknown): string {
  return v === null || v === undefined ? 'None' : String(v);
}

/**
 * The message an axon verifies for a header synapse: the dendrite's nonce, hotkey and uuid, the axon's OWN hotkey
 * (not the one the client claims) and the body hash from the header.
 */
export function requestMessage(
  synapse: Pick<SynapseBase, 'dendrite' | 'computed_body_hash'>,
  axonHotkey: string,
): string {
  const d = synapse.dendrite;
  return `${py(d.nonce)}.${py(d.hotkey)}.${axonHotkey}.${py(d.uuid)}.${py(synapse.computed_body_hash)}`;
}

const SIG_RE = /^0x[0-9a-fA-F]{128}$/;

// An SS58 address of a 32-byte key is 47–49 base58 characters (1- or 2-byte network prefix, 2-byte checksum); `0x` +
// 64 hex is a raw public key. Checked first: base58 decoding is quadratic in the input's length, so an unbounded
// header would cost the event loop seconds.
const SS58_RE = /^[1-9A-HJ-NP-Za-km-z]{47,49}$/;
const HEX_KEY_RE = /^0x[0-9a-fA-F]{64}$/;

/** True when `s` has the shape of an SS58 address (or a 0x-hex public key); cheap, decodes nothing. */
export function looksLikeAddress(s: string): boolean {
  return SS58_RE.test(s) || HEX_KEY_RE.test(s);
}

/** 32-byte public key of an SS58 address; throws `SynapseError('SYNAPSE_INVALID_ADDRESS')`. */
export function publicKeyOf(ss58: string): Uint8Array {
  if (typeof ss58 !== 'string' || !looksLikeAddress(ss58))
    throw new SynapseError(
      'SYNAPSE_INVALID_ADDRESS',
      `not a valid SS58 address: ${shortText(JSON.stringify(String(ss58)))} (expected 47-49 base58 characters)`,
    );
  try {
    const pk = decodeAddress(ss58);
    if (pk.length !== 32) throw new Error(`decodes to ${pk.length} bytes, not 32`);
    return pk;
  } catch (err) {
    throw new SynapseError('SYNAPSE_INVALID_ADDRESS', `not a valid SS58 address: ${JSON.stringify(ss58)}`, {
      cause: err,
    });
  }
}

/** `0x` + lowercase hex of a 64-byte signature. */
export function signatureToHex(sig: Uint8Array): string {
  if (sig.length !== 64)
    throw new SynapseError('SYNAPSE_INVALID_SIGNATURE', `signature has ${sig.length} bytes, expected 64`);
  return `0x${Buffer.from(sig).toString('hex')}`;
}

/** Decodes a `0x` + 128 hex signature; throws `SynapseError('SYNAPSE_INVALID_SIGNATURE')`. */
export function signatureFromHex(hex: string): Uint8Array {
  if (!SIG_RE.test(hex))
    throw new SynapseError('SYNAPSE_INVALID_SIGNATURE', 'signature must be 0x followed by 128 hex characters');
  return new Uint8Array(Buffer.from(hex.slice(2), 'hex'));
}

/**
 * Loads the WASM sr25519 verifier (schnorrkel, about 7x faster than the pure-JS one). Optional: until it resolves,
 * verification uses @polkadot/util-crypto's JS implementation; both give the same answers.
 */
export async function signatureVerifierReady(): Promise<void> {
  await sr25519Ready();
}

/**
 * sr25519 verification of `message` by `ss58`, raw bytes first, then `<Bytes>` + message + `</Bytes>`.
 * Returns which form matched, or false. Malformed address or signature throw `SynapseError`.
 */
export function verifySignature(
  message: string | Uint8Array,
  signature: string | Uint8Array,
  ss58: string,
): false | 'raw' | 'wrapped' {
  const pk = publicKeyOf(ss58);
  const sig = typeof signature === 'string' ? signatureFromHex(signature) : signature;
  if (sig.length !== 64)
    throw new SynapseError('SYNAPSE_INVALID_SIGNATURE', `signature has ${sig.length} bytes, expected 64`);
  return verifySr25519(message, sig, pk);
}

export type RequestVerification =
  | { ok: true; message: string; form: 'raw' | 'wrapped' }
  | { ok: false; message: string; reason: string };

/**
 * Verifies a header synapse's dendrite signature against the axon's own hotkey (spec §3.3 steps 2, 3, 7). Unlike
 * Python ≤ v10.4.1 a missing signature fails. The reasons read like Python's 401 messages.
 */
export function verifyRequestSignature(
  synapse: Pick<SynapseBase, 'dendrite' | 'computed_body_hash'>,
  axonHotkey: string,
): RequestVerification {
  const message = requestMessage(synapse, axonHotkey);
  const d = synapse.dendrite;
  if (!d.hotkey) return { ok: false, message, reason: 'No SS58 formatted address or public key provided.' };
  if (!d.signature) return { ok: false, message, reason: 'Missing signature' };
  try {
    const form = verifySignature(message, d.signature, d.hotkey);
    if (form) return { ok: true, message, form };
    return { ok: false, message, reason: `Signature mismatch with ${message} and ${d.signature}` };
  } catch (err) {
    return { ok: false, message, reason: (err as Error).message };
  }
}
