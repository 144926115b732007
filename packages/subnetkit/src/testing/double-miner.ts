/** A miner module as an author writes one, for `subnetkit miner` (src/cli/neurons-cli.test.ts). */
import { defineMiner } from '../neurons/define.js';
import { Double } from './double-synapse.js';

export default defineMiner({
  axonPort: 0, // a default the command line overrides
  setup(miner) {
    miner.attach(Double, (synapse) => {
      synapse.output = synapse.input * 2;
    });
  },
});
