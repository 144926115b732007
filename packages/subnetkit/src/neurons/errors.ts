import { SubnetkitError, type SubnetkitErrorParameters } from '@subnetkit/synapse';

/** The one error class of the neurons (Miner, Validator): a stable `code`, a message that names the problem. */
export type NeuronErrorCode =
  /** A flag, variable or config-file value is wrong or missing. */
  | 'NEURON_CONFIG'
  /** The neuron's hotkey is not registered on the subnet. */
  | 'NEURON_NOT_REGISTERED'
  /** The state file is unreadable, corrupt or of an unknown version. */
  | 'NEURON_STATE'
  /** A weight submission (set, commit or reveal) was not in a block in time and was abandoned. */
  | 'NEURON_WEIGHTS_TIMEOUT'
  /** start() twice, step() after stop(), and the like. */
  | 'NEURON_LIFECYCLE';

export class NeuronError extends SubnetkitError<NeuronErrorCode> {
  override name = 'NeuronError';

  constructor(code: NeuronErrorCode, shortMessage: string, parameters?: SubnetkitErrorParameters) {
    super(code, shortMessage, parameters);
  }
}
