/** Resolves once the WASM verifier is initialised (verification works before, on the slower JS implementation). */
export function sr25519Ready(): Promise<unknown>;
/** One check of exact bytes; false for any invalid signature, malformed points and wrong lengths included. */
export function sr25519VerifyBytes(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean;
/** Which form verified, the raw message or the `<Bytes>`-wrapped one, or false. A string is taken as UTF-8. */
export function verifySr25519(
  message: string | Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): 'raw' | 'wrapped' | false;
