/** Resolves once the WASM is initialised; call before `verifySr25519`. */
export function sr25519Ready(): Promise<unknown>;
/** Which form verified (raw message or `<Bytes>`-wrapped), or false. */
export function verifySr25519(message: string, signature: Uint8Array, publicKey: Uint8Array): 'raw' | 'wrapped' | false;
