/**
 * The bittensor-scheme request check (spec §3): a hotkey is named, the nonce is fresh for its (hotkey, uuid) key, the
 * signature is well formed and verifies over `{nonce}.{hotkey}.{this axon's hotkey}.{uuid}.{body_hash}`. Cheap
 * checks run first, so stale or replayed requests cost no signature verification.
 */
import {
  type FieldShape,
  looksLikeAddress,
  type NonceVerdict,
  publicKeyOf,
  requestMessage,
  type Synapse,
  shortText,
} from '@subnetkit/synapse';
import { rejectRequest } from './errors.js';
import type { ReplayStore } from './redis-nonce-store.js';
import { notVerified } from './request-control.js';
import { verifySr25519 } from './sr25519-verify.mjs';
import type { VerifyPool, VerifyResult } from './verify-pool.js';

const SIG_RE = /^0x[0-9a-fA-F]{128}$/;
// A dendrite's uuid is a UUID string (36 characters); the bound keeps nonce-store keys small.
const UUID_RE = /^[0-9A-Za-z-]{1,36}$/;
const MAX_PUBKEY_CACHE = 10_000;

export class SignatureCheck {
  /** Verification workers while the axon runs; without them signatures are checked on the event loop. */
  pool: VerifyPool | undefined;
  readonly #nonces: ReplayStore;
  readonly #pubkeys = new Map<string, Uint8Array>();
  readonly #onVerify: (() => void) | undefined;

  /** `onVerify` is told of each sr25519 verification (the expensive step), e.g. to count it. */
  constructor(nonces: ReplayStore, onVerify?: () => void) {
    this.#nonces = nonces;
    this.#onVerify = onVerify;
  }

  /** A store verdict; a store that cannot answer (Redis down) refuses the request: fail closed, never open. */
  async #store(verdict: NonceVerdict | Promise<NonceVerdict>): Promise<NonceVerdict> {
    if (!(verdict instanceof Promise)) return verdict;
    try {
      return await verdict;
    } catch (err) {
      throw rejectRequest(
        'AXON_UNAVAILABLE',
        `Service unavailable: the nonce store cannot be reached (${(err as Error).message})`,
        { cause: err },
      );
    }
  }

  /**
   * The header shapes, checked in microseconds before the capacity gate: nothing after it (nonce-store key, base58
   * decoding) may cost more than the header's format allows. Throws `AXON_NOT_VERIFIED` (401).
   */
  precheck(hs: Synapse<FieldShape>): void {
    const d = hs.dendrite;
    if (!d.hotkey) throw notVerified('No SS58 formatted address or public key provided.');
    if (!looksLikeAddress(d.hotkey))
      throw notVerified(`${shortText(JSON.stringify(d.hotkey))} is not an SS58 address (47-49 base58 characters)`);
    if (d.uuid !== null && d.uuid !== undefined && !UUID_RE.test(d.uuid))
      throw notVerified(`dendrite uuid ${shortText(JSON.stringify(d.uuid))} is not a UUID (at most 36 characters)`);
  }

  /**
   * Resolves when the header synapse `hs`, which passed `precheck`, is a valid request to the axon `axonHotkey`;
   * throws `AXON_NOT_VERIFIED` (401) otherwise.
   */
  async verify(hs: Synapse<FieldShape>, axonHotkey: string): Promise<void> {
    const d = hs.dendrite as typeof hs.dendrite & { hotkey: string };
    const key = `${d.hotkey}:${d.uuid}`;
    const check = { key, nonce: d.nonce, timeout: hs.timeout, version: d.version };
    const pre = await this.#store(this.#nonces.check(check));
    if (!pre.ok) throw notVerified(pre.message);
    if (!d.signature) throw notVerified('Missing signature');
    if (!SIG_RE.test(d.signature))
      throw notVerified('Invalid signature format. Expected 0x followed by 128 hex characters.');
    const pk = this.#publicKey(d.hotkey);
    const message = requestMessage(hs, axonHotkey);
    const sig = Buffer.from(d.signature.slice(2), 'hex');
    this.#onVerify?.();
    let form: VerifyResult;
    if (this.pool) {
      try {
        form = await this.pool.verify(message, sig, pk);
      } catch (err) {
        throw rejectRequest('AXON_UNAVAILABLE', `Service unavailable: ${(err as Error).message}`, { cause: err });
      }
    } else form = verifySr25519(message, sig, pk);
    if (typeof form === 'object' && form) throw notVerified(form.error);
    if (!form) throw notVerified(`Signature mismatch with ${message} and ${d.signature}`);
    // Check and record in one tick: of two requests racing on one nonce, only the first passes.
    const done = await this.#store(this.#nonces.accept(check));
    if (!done.ok) throw notVerified(done.message);
  }

  #publicKey(ss58: string): Uint8Array {
    let pk = this.#pubkeys.get(ss58);
    if (pk) return pk;
    try {
      pk = publicKeyOf(ss58);
    } catch (err) {
      throw notVerified((err as Error).message);
    }
    if (this.#pubkeys.size >= MAX_PUBKEY_CACHE) this.#pubkeys.delete(this.#pubkeys.keys().next().value as string);
    this.#pubkeys.set(ss58, pk);
    return pk;
  }
}
