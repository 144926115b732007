import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ChainClient } from '@subnetkit/chain';
import { MetagraphError } from '../errors.js';

type Builder = (...args: unknown[]) => SubmittableExtrinsic<'promise'>;

/** Builds `SubtensorModule.<method>(...args)`, failing clearly if the runtime lacks the call. */
export function subtensorCall(
  client: ChainClient,
  method: string,
  ...args: unknown[]
): SubmittableExtrinsic<'promise'> {
  const section = (client.api.tx as unknown as Record<string, Record<string, Builder | undefined> | undefined>)
    .subtensorModule;
  const build = section?.[method];
  if (typeof build !== 'function') {
    throw new MetagraphError(
      'METAGRAPH_UNSUPPORTED_RUNTIME',
      `this runtime (spec ${client.specVersion}) has no SubtensorModule.${method} call`,
    );
  }
  return build(...args);
}
