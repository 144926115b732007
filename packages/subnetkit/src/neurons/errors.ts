/** The one error class of the neurons (Miner, Validator): a stable `code`, a message that names the problem. */
export type NeuronErrorCode =
  /** A flag, variable or config-file value is wrong or missing. */
  | 'CONFIG'
  /** The neuron's hotkey is not registered on the subnet. */
  | 'NOT_REGISTERED'
  /** The state file is unreadable, corrupt or of an unknown version. */
  | 'STATE'
  /** start() twice, step() after stop(), and the like. */
  | 'LIFECYCLE';

export class NeuronError extends Error {
  override readonly name = 'NeuronError';
  readonly code: NeuronErrorCode;

  constructor(code: NeuronErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
