/**
 * A miner or validator as a module the `subnetkit miner <entry>` / `subnetkit validator <entry>` commands run — the
 * `python neurons/miner.py --netuid … --wallet.name …` habit. The module's default export is the definition; the
 * command supplies the keys, the chain and every setting from flags, environment and config file, which override the
 * values written in the definition (they are its defaults).
 *
 * @example
 * // miner.ts — subnetkit miner miner.ts --netuid 2 --wallet.name miner --axon.port 8091
 * export default defineMiner({
 *   setup(miner) {
 *     miner.attach(Dummy, (synapse) => { synapse.output = synapse.input * 2; });
 *   },
 * });
 *
 * // validator.ts — subnetkit validator validator.ts --netuid 2 --wallet.name validator
 * export default defineValidator({
 *   synapse: Dummy,
 *   challenge: () => { const x = randomInt(1000); return { input: { input: x }, expected: 2 * x }; },
 *   reward: (challenge, response) => (response.output === challenge.expected ? 1 : 0),
 * });
 */
import type { FieldShape } from '@subnetkit/synapse';
import type { Miner, MinerOptions } from './miner.js';
import type { Challenge, ValidatorOptions } from './validator.js';

/** Marks a definition, shared across copies of the package (the CLI's and the author's `subnetkit` may differ). */
export const NEURON_KIND: unique symbol = Symbol.for('subnetkit.neuron-kind') as never;

/** What the command supplies itself: keys, the chain connection, the logger and signal handling. */
type Supplied = 'client' | 'signer' | 'wallet' | 'logger' | 'handleSignals';

export interface MinerDefinition extends Partial<Omit<MinerOptions, Supplied>> {
  /** Attaches what the miner serves (`miner.attach(Synapse, forward, { blacklist, priority })`), before it starts. */
  setup(miner: Miner): void | Promise<void>;
  readonly [NEURON_KIND]?: 'miner';
}

export type ValidatorDefinition<S extends FieldShape, C extends Challenge<S>> = Omit<
  ValidatorOptions<S, C>,
  Supplied | 'netuid'
> & { netuid?: number; readonly [NEURON_KIND]?: 'validator' };

/** A miner for `subnetkit miner <entry>`: export it as the module's default. */
export function defineMiner(definition: MinerDefinition): MinerDefinition {
  return { ...definition, [NEURON_KIND]: 'miner' };
}

/** A validator for `subnetkit validator <entry>`: export it as the module's default. */
export function defineValidator<S extends FieldShape, C extends Challenge<S>>(
  definition: ValidatorDefinition<S, C>,
): ValidatorDefinition<S, C> {
  return { ...definition, [NEURON_KIND]: 'validator' };
}
