/**
 * What one call to one axon needs from its Dendrite: the connection pool (and its reuse, origin-reuse.ts), the
 * in-flight slots, the signing side and the per-request context (a fresh nonce each time). The unary and streaming paths take it instead of the class.
 */
import { NonceGenerator } from '@subnetkit/synapse';
import type { Signer } from '@subnetkit/wallet';
import type { Agent } from 'undici';
import { type CallOptions, checkFormat, checkScheme, type ResolvedDendriteOptions } from './options.js';
import { OriginReuse } from './origin-reuse.js';
import type { RequestContext } from './request.js';
import type { RequestSigning } from './request-signing.js';
import type { Semaphore } from './semaphore.js';

export class CallSite {
  readonly #nonces = new NonceGenerator();
  /** Back-to-back calls to one axon wait for its connection to be handed back rather than open another. */
  readonly reuse = new OriginReuse();

  constructor(
    readonly agent: Agent,
    readonly slots: Semaphore,
    readonly signing: RequestSigning,
    readonly options: ResolvedDendriteOptions,
    readonly uuid: string,
  ) {}

  /** The context of one request: a fresh nonce, the call's scheme and body format (checked) or the defaults. */
  context(
    signer: Signer,
    timeout: number,
    call: CallOptions | undefined,
    bodyHash: string | undefined,
  ): RequestContext {
    const ctx: RequestContext = {
      signer,
      uuid: this.uuid,
      externalIp: this.options.externalIp,
      version: this.options.version,
      nonce: this.#nonces.next(),
      timeout,
      bodyFormat: call?.bodyFormat ? checkFormat(call.bodyFormat) : this.options.bodyFormat,
      scheme: call?.scheme ? checkScheme(call.scheme) : this.options.scheme,
    };
    if (bodyHash !== undefined) ctx.bodyHash = bodyHash;
    return ctx;
  }
}
