/** The synapse of the CLI's miner/validator test modules: the miner answers `output = input * 2`. */
import { defineSynapse, t } from '@subnetkit/synapse';

export const Double = defineSynapse({
  name: 'Double',
  fields: { input: t.int(), output: t.int().optional() },
  hashFields: ['input'],
});
