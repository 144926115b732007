// The axon's sr25519 verification, in process (signature-check.ts) and in its verify worker (verify-worker.mjs): the
// one implementation of @subnetkit/synapse (raw message, then `<Bytes>`-wrapped; schnorrkel WASM). That module is
// plain JavaScript and has its own entry point, so the worker loads it without a TypeScript loader.
export { sr25519Ready, verifySr25519 } from '@subnetkit/synapse/sr25519-verify';
