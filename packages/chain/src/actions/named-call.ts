import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ChainClient } from '../client.js';
import { ChainError } from '../errors.js';
import { tx } from '../metadata.js';

/** A call constructor as metadata decorates it: `api.tx[section][method]` (or an offline registry's `tx`). */
export interface NamedCallFn<T> {
  (...args: unknown[]): T;
  readonly meta: { readonly args: ReadonlyArray<{ readonly name: { toString(): string } }> };
}

/**
 * Orders `values` given by metadata argument name (`version_key` or `versionKey`) as `fn` takes them. Missing names
 * fail with `Unsupported` listing what the call takes.
 */
export function namedCallArgs(
  what: string,
  fn: NamedCallFn<unknown>,
  values: Readonly<Record<string, unknown>>,
): unknown[] {
  const names = fn.meta.args.map((a) => a.name.toString());
  // Metadata names are snake_case, @polkadot/api shows them camelCase: match either way.
  const norm = (n: string) => n.replace(/_/g, '').toLowerCase();
  const given = new Map(Object.entries(values).map(([k, v]) => [norm(k), v]));
  const missing = names.filter((n) => !given.has(norm(n)));
  if (missing.length > 0) {
    throw new ChainError(
      'Unsupported',
      `${what} on this runtime takes (${names.join(', ')}); no value for ${missing.join(', ')}`,
      {
        kind: 'unsupported',
      },
    );
  }
  return names.map((n) => given.get(norm(n)));
}

/**
 * Builds a call from arguments given by their metadata names (`netuid`, `mecid`, `version_key` or `versionKey`...), so one builder
 * fits runtimes that add or reorder arguments. Missing names fail with `Unsupported` listing what the call takes.
 */
export function buildNamedCall(
  client: ChainClient,
  section: string,
  method: string,
  values: Readonly<Record<string, unknown>>,
): SubmittableExtrinsic<'promise'> {
  return buildNamedCallFrom(client.api, section, method, values);
}

/** `buildNamedCall` over any metadata-decorated `tx` (an ApiPromise, or an offline registry's decoration). */
export function buildNamedCallFrom(
  api: Pick<ApiPromise, 'tx'>,
  section: string,
  method: string,
  values: Readonly<Record<string, unknown>>,
): SubmittableExtrinsic<'promise'> {
  const fn = tx(api, section, method) as unknown as NamedCallFn<SubmittableExtrinsic<'promise'>>;
  return fn(...namedCallArgs(`${section}.${method}`, fn, values));
}
