/**
 * Which failures of a weight submission are worth trying again at the next step. A retryable failure is either a
 * rule that passes by itself with time (the rate limit) or a transport problem where the transaction surely did not
 * land or its fate is unknown; anything else (no validator permit, not enough stake, a wrong version key) waits for
 * the next weight-setting block instead of being sent again every step.
 */
import { ChainError } from '@subnetkit/chain';
import { MetagraphError, WeightRuleError } from '@subnetkit/metagraph';
import { NeuronError } from './errors.js';

export const RETRYABLE_WEIGHT_ERRORS: ReadonlySet<string> = new Set([
  'SettingWeightsTooFast',
  'CommittingWeightsTooFast',
  'ConnectionLost',
  'ReadFailed',
  'Timeout',
  'ConnectTimeout',
  'InclusionTimeout',
  'TxOutcomeUnknown',
  'ChainChanged',
  'Stale',
  'Future',
  'PriorityTooLow',
  'ExhaustsResources',
]);

/** The name an error goes by: a weight rule, a chain error code, a metagraph code, else the error's name. */
export function weightErrorName(err: unknown): string {
  if (err instanceof WeightRuleError) return err.rule;
  if (err instanceof ChainError) return err.code;
  if (err instanceof MetagraphError) return err.code;
  if (err instanceof NeuronError) return err.code;
  return err instanceof Error ? err.name : 'Error';
}

export function isRetryableWeightError(err: unknown): boolean {
  if (err instanceof ChainError && err.kind === 'connection' && err.code !== 'Aborted') return true;
  return RETRYABLE_WEIGHT_ERRORS.has(weightErrorName(err));
}
