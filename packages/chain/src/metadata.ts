import type { ApiPromise } from '@polkadot/api';
import type { ApiDecoration, SubmittableExtrinsicFunction } from '@polkadot/api/types';
import type { Codec } from '@polkadot/types/types';
import { ChainError } from './errors.js';

/** A storage item as @polkadot/api decorates it from metadata (untyped: subtensor has no augmentation package). */
export type StorageFn = ((...args: unknown[]) => Promise<Codec>) & {
  entries: (...args: unknown[]) => Promise<[{ args: Codec[] }, Codec][]>;
};
export type RuntimeApiFn = (...args: unknown[]) => Promise<Codec>;

type Decorated = Pick<ApiPromise, 'query' | 'tx' | 'call'> | ApiDecoration<'promise'>;

function pick<T>(root: unknown, section: string, item: string): T | undefined {
  const s = (root as Record<string, Record<string, unknown> | undefined>)[section];
  const f = s?.[item];
  return typeof f === 'function' ? (f as T) : undefined;
}

/** `api.query[section][item]`, or undefined when the runtime has no such storage item. */
export function findStorage(api: Decorated, section: string, item: string): StorageFn | undefined {
  return pick<StorageFn>(api.query, section, item);
}

/** `api.query[section][item]`, or a ChainError `Unsupported` naming what the runtime lacks. */
export function storage(api: Decorated, section: string, item: string): StorageFn {
  const f = findStorage(api, section, item);
  if (!f) throw unsupported(`storage ${section}.${item}`);
  return f;
}

export function findRuntimeApi(
  api: Pick<ApiPromise, 'call'>,
  section: string,
  method: string,
): RuntimeApiFn | undefined {
  return pick<RuntimeApiFn>(api.call, section, method);
}

/** `api.tx[section][method]`, or undefined. */
export function findTx(
  api: Pick<ApiPromise, 'tx'>,
  section: string,
  method: string,
): SubmittableExtrinsicFunction<'promise'> | undefined {
  return pick<SubmittableExtrinsicFunction<'promise'>>(api.tx, section, method);
}

export function tx(
  api: Pick<ApiPromise, 'tx'>,
  section: string,
  method: string,
): SubmittableExtrinsicFunction<'promise'> {
  const f = findTx(api, section, method);
  if (!f) throw unsupported(`call ${section}.${method}`);
  return f;
}

export function unsupported(what: string): ChainError {
  return new ChainError('Unsupported', `this runtime has no ${what}; is the endpoint a subtensor node?`, {
    kind: 'unsupported',
  });
}
