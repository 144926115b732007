/**
 * The one sr25519 verification (sr25519-verify.mjs) for TypeScript code, with its types written out here so the
 * emitted declarations stand alone (the plain-JS module's `.d.mts` reaches `dist/` only after the whole build).
 */
import * as impl from './sr25519-verify.mjs';

/** Resolves once the WASM verifier is initialised (verification works before, on the slower JS implementation). */
export const sr25519Ready: () => Promise<unknown> = impl.sr25519Ready;

/** One check of exact bytes; false for any invalid signature, malformed points and wrong lengths included. */
export const sr25519VerifyBytes: (message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array) => boolean =
  impl.sr25519VerifyBytes;

/**
 * Which form verified, the raw message or the `<Bytes>`-wrapped one (what polkadot-js extensions' signRaw signs), or
 * false. A string is taken as UTF-8.
 */
export const verifySr25519: (
  message: string | Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
) => 'raw' | 'wrapped' | false = impl.verifySr25519;
