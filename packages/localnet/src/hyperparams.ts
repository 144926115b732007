/**
 * Subnet hyperparameters set as root through `sudo.sudo(utility.batch_all([...adminUtils.sudoSet*]))`, so several
 * land in one block. Only the localnet (or a chain whose sudo key you hold) accepts these.
 */
import { type ChainClient, type ChainSigner, findTx, type SubmitResult, sudo } from '@subnetkit/chain';
import { LocalnetError } from './errors.js';
import { devSudoKey } from './keys.js';

type Kind = 'u16' | 'u64' | 'bool';

/** Our name → the adminUtils call and its value type. Every call here takes `(netuid, value)`. */
const SUBNET_PARAMS = {
  tempo: ['sudoSetTempo', 'u16'],
  weightsRateLimit: ['sudoSetWeightsSetRateLimit', 'u64'],
  commitReveal: ['sudoSetCommitRevealWeightsEnabled', 'bool'],
  commitRevealInterval: ['sudoSetCommitRevealWeightsInterval', 'u64'],
  minAllowedWeights: ['sudoSetMinAllowedWeights', 'u16'],
  maxWeightLimit: ['sudoSetMaxWeightLimit', 'u16'],
  maxRegistrationsPerBlock: ['sudoSetMaxRegistrationsPerBlock', 'u16'],
  targetRegistrationsPerInterval: ['sudoSetTargetRegistrationsPerInterval', 'u16'],
  adjustmentInterval: ['sudoSetAdjustmentInterval', 'u16'],
  immunityPeriod: ['sudoSetImmunityPeriod', 'u16'],
  activityCutoff: ['sudoSetActivityCutoff', 'u16'],
  maxAllowedUids: ['sudoSetMaxAllowedUids', 'u16'],
  maxAllowedValidators: ['sudoSetMaxAllowedValidators', 'u16'],
  weightsVersionKey: ['sudoSetWeightsVersionKey', 'u64'],
  servingRateLimit: ['sudoSetServingRateLimit', 'u64'],
  kappa: ['sudoSetKappa', 'u16'],
  bondsMovingAverage: ['sudoSetBondsMovingAverage', 'u64'],
  minBurn: ['sudoSetMinBurn', 'u64'],
  maxBurn: ['sudoSetMaxBurn', 'u64'],
  registrationAllowed: ['sudoSetNetworkRegistrationAllowed', 'bool'],
  liquidAlpha: ['sudoSetLiquidAlphaEnabled', 'bool'],
  yuma3: ['sudoSetYuma3Enabled', 'bool'],
} as const satisfies Record<string, readonly [string, Kind]>;

type ValueOf<K extends Kind> = K extends 'bool' ? boolean : K extends 'u64' ? number | bigint : number;

/** Hyperparameters settable per subnet; unset fields are left as they are. */
export type SubnetHyperparamsUpdate = {
  -readonly [P in keyof typeof SUBNET_PARAMS]?: ValueOf<(typeof SUBNET_PARAMS)[P][1]>;
};

/** What a local subnet gets unless told otherwise: epochs every 11 blocks, weights any time, plain set_weights. */
export const DEV_SUBNET_DEFAULTS: Readonly<SubnetHyperparamsUpdate> = Object.freeze({
  tempo: 10,
  weightsRateLimit: 0,
  commitReveal: false,
  minAllowedWeights: 1,
  maxRegistrationsPerBlock: 4096,
  targetRegistrationsPerInterval: 4096,
});

export interface SudoOptions {
  /** Defaults to //Alice, the localnet spec's sudo key. */
  sudoKey?: ChainSigner;
}

/** Sets subnet hyperparameters in one block. Returns undefined when there was nothing to set. */
export async function setHyperparams(
  client: ChainClient,
  netuid: number,
  params: SubnetHyperparamsUpdate,
  opts: SudoOptions = {},
): Promise<SubmitResult | undefined> {
  checkU('netuid', netuid, 16);
  const calls = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const spec = (SUBNET_PARAMS as Record<string, readonly [string, Kind]>)[name];
    if (!spec) {
      throw new LocalnetError(
        'LOCALNET_INVALID_ARGUMENT',
        `unknown hyperparameter '${name}'; known: ${Object.keys(SUBNET_PARAMS).join(', ')}`,
      );
    }
    const [method, kind] = spec;
    checkValue(name, value, kind);
    calls.push(adminCall(client, method)(netuid, typeof value === 'bigint' ? value : value));
  }
  if (calls.length === 0) return undefined;
  return sudoBatch(client, calls, opts);
}

/** The global minimum number of blocks between two subnet registrations (7200 by default; 0 for a localnet). */
export async function setNetworkRateLimit(
  client: ChainClient,
  blocks: number | bigint,
  opts: SudoOptions = {},
): Promise<SubmitResult> {
  checkValue('networkRateLimit', blocks, 'u64');
  return sudo(client, adminCall(client, 'sudoSetNetworkRateLimit')(blocks), opts.sudoKey ?? (await devSudoKey()));
}

async function sudoBatch(client: ChainClient, calls: unknown[], opts: SudoOptions): Promise<SubmitResult> {
  const batchAll = findTx(client.api, 'utility', 'batchAll');
  const key = opts.sudoKey ?? (await devSudoKey());
  if (calls.length === 1 || !batchAll) {
    let last: SubmitResult | undefined;
    for (const c of calls) last = await sudo(client, c as Parameters<typeof sudo>[1], key);
    return last as SubmitResult;
  }
  return sudo(client, batchAll(calls), key);
}

function adminCall(client: ChainClient, method: string) {
  const fn = findTx(client.api, 'adminUtils', method);
  if (!fn) {
    throw new LocalnetError(
      'LOCALNET_INVALID_ARGUMENT',
      `this runtime has no adminUtils.${method}; cannot set it with sudo`,
    );
  }
  return fn;
}

function checkValue(name: string, value: unknown, kind: Kind): void {
  if (kind === 'bool') {
    if (typeof value !== 'boolean')
      throw new LocalnetError('LOCALNET_INVALID_ARGUMENT', `${name} must be true or false`);
    return;
  }
  checkU(name, value, kind === 'u16' ? 16 : 64);
}

function checkU(name: string, value: unknown, bits: 16 | 64): void {
  const big = typeof value === 'bigint' ? value : Number.isInteger(value) ? BigInt(value as number) : undefined;
  if (big === undefined || big < 0n || big >= 1n << BigInt(bits)) {
    throw new LocalnetError(
      'LOCALNET_INVALID_ARGUMENT',
      `${name} must be an integer 0..2^${bits}-1, got ${String(value)}`,
    );
  }
}
