/**
 * @subnetkit/inference/axon: serve a batcher behind an axon route. Takes the axon by its shape, so the inference
 * package depends on no transport. See the package README.
 */
export { type ServeOptions, type ServingAxon, serveModel } from './axon/serve.js';
