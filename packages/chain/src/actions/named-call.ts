import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ChainClient } from '../client.js';
import { ChainError } from '../errors.js';
import { tx } from '../metadata.js';

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
  const fn = tx(client.api, section, method);
  const names = fn.meta.args.map((a) => a.name.toString());
  // Metadata names are snake_case, @polkadot/api shows them camelCase: match either way.
  const norm = (n: string) => n.replace(/_/g, '').toLowerCase();
  const given = new Map(Object.entries(values).map(([k, v]) => [norm(k), v]));
  const missing = names.filter((n) => !given.has(norm(n)));
  if (missing.length > 0) {
    throw new ChainError(
      'Unsupported',
      `${section}.${method} on this runtime takes (${names.join(', ')}); no value for ${missing.join(', ')}`,
      { kind: 'unsupported' },
    );
  }
  return fn(...names.map((n) => given.get(norm(n))));
}
