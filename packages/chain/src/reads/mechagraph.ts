import type { ChainClient } from '../client.js';
import { ChainError } from '../errors.js';
import { findRuntimeApi } from '../metadata.js';
import { plain } from '../plain.js';
import { assertNetuid, pinState } from './at.js';
import type { MechanismReadOptions } from './mechanism.js';

/**
 * One mechanism's metagraph as the runtime builds it (`SubnetInfoRuntimeApi.get_mechagraph(netuid, mecid)`; the
 * `Metagraph` struct with per-uid columns such as `hotkeys`, `incentives`, `dividends`, `validatorPermit`), as plain
 * values. With `indexes`, only those fields (`get_selective_mechagraph`). On runtimes without mechanisms, mechanism 0
 * is the subnet's metagraph (`get_metagraph` / `get_selective_metagraph`); other mechanisms are `Unsupported`.
 * `null` when the subnet does not exist.
 */
export async function getMechagraph(
  client: ChainClient,
  netuid: number,
  opts: MechanismReadOptions & { indexes?: readonly number[] } = {},
): Promise<Record<string, unknown> | null> {
  assertNetuid(netuid);
  const mecid = opts.mechanismId ?? 0;
  if (!Number.isInteger(mecid) || mecid < 0 || mecid > 255) {
    throw new ChainError('InvalidMechanismId', `mechanismId must be an integer 0-255, got ${mecid}`, { kind: 'input' });
  }
  const indexes = opts.indexes ? [...opts.indexes] : undefined;
  return client.read(
    `reading the metagraph of subnet ${netuid} mechanism ${mecid}`,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      const selective = indexes !== undefined;
      const mech = findRuntimeApi(
        at as never,
        'subnetInfoRuntimeApi',
        selective ? 'getSelectiveMechagraph' : 'getMechagraph',
      );
      if (mech)
        return plain(await (selective ? mech(netuid, mecid, indexes) : mech(netuid, mecid))) as Record<
          string,
          unknown
        > | null;
      if (mecid !== 0) {
        throw new ChainError('Unsupported', `mechanism ${mecid} asked for, but this runtime has no mechanisms`, {
          kind: 'unsupported',
        });
      }
      const legacy = findRuntimeApi(
        at as never,
        'subnetInfoRuntimeApi',
        selective ? 'getSelectiveMetagraph' : 'getMetagraph',
      );
      if (!legacy) {
        throw new ChainError('Unsupported', 'this runtime has no SubnetInfoRuntimeApi metagraph call', {
          kind: 'unsupported',
        });
      }
      return plain(await (selective ? legacy(netuid, indexes) : legacy(netuid))) as Record<string, unknown> | null;
    },
    opts,
  );
}
