import type { ChainClient, ChainSigner, SubmitOptions } from '@subnetkit/chain';
import type { PendingCommitStore } from '../commit/store.js';
import { MetagraphError } from '../errors.js';
import { type ConvertOptions, convertWeightsAndUidsForEmit } from './convert.js';
import { assertWeightRules } from './rules.js';
import { readWeightState, type WeightChainState } from './state.js';
import { type SetWeightsReturnType, selectWeightsStrategy, type WeightsStrategy } from './strategies.js';

export interface SetWeightsParameters extends ConvertOptions {
  netuid: number;
  /** Mechanism (sub-subnet) id; default 0. */
  mechanismId?: number;
  /** The validator's hotkey (a wallet Keypair, a KeyringPair or any ChainSigner with an address). */
  signer: ChainSigner & { readonly address: string };
  uids: ArrayLike<number | bigint>;
  /** Float weights; normalized and max-upscaled to u16 as the Python SDK does. */
  weights: ArrayLike<number>;
  /** Default: the subnet's current WeightsVersionKey (the lowest the chain accepts). */
  versionKey?: bigint | number;
  /** Needed when commit-reveal is on: where the pending commit is kept until it is revealed. */
  store?: PendingCommitStore;
  /** Salt for the commit hash; random by default. */
  salt?: number[];
  /** Check the chain's rules before sending (default true). `false` sends anyway and lets the chain refuse. */
  check?: boolean;
  /** Force a strategy instead of the one the chain's state selects. */
  strategy?: WeightsStrategy;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type { SetWeightsReturnType };

/**
 * Puts a weight vector on chain the way the subnet wants it: set_weights when commit-reveal is off; when it is on,
 * a timelocked commit (CRv4, revealed by the chain itself: follow it with `waitForTimelockedReveal`) on runtimes
 * with `CommitRevealWeightsVersion`, else a hash commit (commit-reveal v2, revealed later by `revealPending`). The weights are converted like the Python
 * SDK's `convert_weights_and_uids_for_emit`, then checked against the chain's rules; a failing rule throws a
 * `WeightRuleError` naming it (`SettingWeightsTooFast`, `NeuronNoValidatorPermit`, ...). A refusal by the chain
 * itself comes back as the chain client's `ChainError` with the same names.
 *
 * @example
 * await setWeights(client, { netuid: 2, signer: hotkey, uids: [1, 2, 3], weights: [0.1, 0.3, 0.6], store });
 */
export async function setWeights(client: ChainClient, params: SetWeightsParameters): Promise<SetWeightsReturnType> {
  const { netuid, signer } = params;
  if (!signer || typeof signer.address !== 'string') {
    throw new MetagraphError(
      'METAGRAPH_INVALID_INPUT',
      'signer must be the hotkey (a Keypair or KeyringPair with an address)',
    );
  }
  const weights = convertWeightsAndUidsForEmit(params.uids, params.weights, params);
  if (weights.uids.length === 0) {
    throw new MetagraphError('METAGRAPH_INVALID_WEIGHTS', 'all weights are zero: there is nothing to set on chain');
  }
  const opts = { signal: params.signal, timeoutMs: params.timeoutMs };
  const mechanismId = params.mechanismId ?? 0;
  const state: WeightChainState = await readWeightState(client, netuid, signer.address, { ...opts, mechanismId });
  const versionKey = params.versionKey === undefined ? state.weightsVersionKey : BigInt(params.versionKey);
  const strategy = params.strategy ?? selectWeightsStrategy(state);
  if (params.check !== false) {
    assertWeightRules(strategy.name === 'plain' ? 'set' : 'commit', weights, versionKey, state);
    // The chain applies a timelocked commit's weights by itself and drops them silently if they fail the rules:
    // check the reveal-time rules (validator permit...) now, while an error can still be seen.
    if (strategy.name === 'timelocked') assertWeightRules('reveal', weights, versionKey, state);
  }
  const submit: SubmitOptions = { signal: params.signal, timeoutMs: params.timeoutMs };
  return strategy.submit({
    client,
    netuid,
    mechanismId,
    signer,
    hotkey: signer.address,
    state,
    weights,
    versionKey,
    store: params.store,
    salt: params.salt,
    submit,
  });
}
