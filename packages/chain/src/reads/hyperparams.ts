import type { ChainClient } from '../client.js';
import { ChainError } from '../errors.js';
import { findRuntimeApi, findStorage } from '../metadata.js';
import { plain } from '../plain.js';
import { assertNetuid, pinState, type ReadOptions } from './at.js';

/**
 * A subnet's hyperparameters as the runtime API returns them (field names as in @polkadot/api; u16 fractions are raw
 * 0-65535, u64 values are bigint). V2-only fields are optional; newer runtimes may add more, which are kept as well.
 */
export interface SubnetHyperparams {
  rho: number;
  kappa: number;
  immunityPeriod: number;
  minAllowedWeights: number;
  maxWeightsLimit: number;
  tempo: number;
  minDifficulty: bigint;
  maxDifficulty: bigint;
  weightsVersion: bigint;
  weightsRateLimit: bigint;
  adjustmentInterval: number;
  activityCutoff: number;
  registrationAllowed: boolean;
  targetRegsPerInterval: number;
  minBurn: bigint;
  maxBurn: bigint;
  bondsMovingAvg: bigint;
  maxRegsPerBlock: number;
  servingRateLimit: bigint;
  maxValidators: number;
  adjustmentAlpha: bigint;
  difficulty: bigint;
  commitRevealPeriod: bigint;
  commitRevealWeightsEnabled: boolean;
  alphaHigh: number;
  alphaLow: number;
  liquidAlphaEnabled: boolean;
  yumaVersion?: number;
  subnetIsActive?: boolean;
  transfersEnabled?: boolean;
  bondsResetEnabled?: boolean;
  userLiquidityEnabled?: boolean;
  [extra: string]: unknown;
}

/** Where each hyperparameter lives in `SubtensorModule` storage, for runtimes without the runtime API. */
const STORAGE_ITEMS: ReadonlyArray<[keyof SubnetHyperparams, string]> = [
  ['rho', 'rho'],
  ['kappa', 'kappa'],
  ['immunityPeriod', 'immunityPeriod'],
  ['minAllowedWeights', 'minAllowedWeights'],
  ['maxWeightsLimit', 'maxWeightsLimit'],
  ['tempo', 'tempo'],
  ['minDifficulty', 'minDifficulty'],
  ['maxDifficulty', 'maxDifficulty'],
  ['weightsVersion', 'weightsVersionKey'],
  ['weightsRateLimit', 'weightsSetRateLimit'],
  ['adjustmentInterval', 'adjustmentInterval'],
  ['activityCutoff', 'activityCutoff'],
  ['registrationAllowed', 'networkRegistrationAllowed'],
  ['targetRegsPerInterval', 'targetRegistrationsPerInterval'],
  ['minBurn', 'minBurn'],
  ['maxBurn', 'maxBurn'],
  ['bondsMovingAvg', 'bondsMovingAverage'],
  ['maxRegsPerBlock', 'maxRegistrationsPerBlock'],
  ['servingRateLimit', 'servingRateLimit'],
  ['maxValidators', 'maxAllowedValidators'],
  ['adjustmentAlpha', 'adjustmentAlpha'],
  ['difficulty', 'difficulty'],
  ['commitRevealPeriod', 'revealPeriodEpochs'],
  ['commitRevealWeightsEnabled', 'commitRevealWeightsEnabled'],
  ['liquidAlphaEnabled', 'liquidAlphaOn'],
];

export interface HyperparamsReadOptions extends ReadOptions {
  /** `auto` (default): the runtime API (V2, then V1), else storage. `storage` forces the storage reads. */
  source?: 'auto' | 'runtime-api' | 'storage';
}

/** The hyperparameters of subnet `netuid`, or null when it does not exist. */
export async function getSubnetHyperparams(
  client: ChainClient,
  netuid: number,
  opts: HyperparamsReadOptions = {},
): Promise<SubnetHyperparams | null> {
  assertNetuid(netuid);
  return client.read(
    `reading the hyperparameters of subnet ${netuid}`,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      const source = opts.source ?? 'auto';
      if (source !== 'storage') {
        const fn =
          findRuntimeApi(at, 'subnetInfoRuntimeApi', 'getSubnetHyperparamsV2') ??
          findRuntimeApi(at, 'subnetInfoRuntimeApi', 'getSubnetHyperparams');
        if (fn) return plain(await fn(netuid)) as SubnetHyperparams | null;
        if (source === 'runtime-api') {
          throw unsupportedApi();
        }
      }
      const exists = findStorage(at, 'subtensorModule', 'networksAdded');
      if (exists && !plain(await exists(netuid))) return null;
      const out: Record<string, unknown> = {};
      await Promise.all(
        STORAGE_ITEMS.map(async ([field, item]) => {
          const fn = findStorage(at, 'subtensorModule', item);
          if (fn) out[field as string] = plain(await fn(netuid));
        }),
      );
      return out as SubnetHyperparams;
    },
    opts,
  );
}

function unsupportedApi(): ChainError {
  return new ChainError('Unsupported', 'this runtime has no SubnetInfoRuntimeApi.get_subnet_hyperparams', {
    kind: 'unsupported',
  });
}
