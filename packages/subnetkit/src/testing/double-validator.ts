/** A validator module as an author writes one, for `subnetkit validator` (src/cli/neurons-cli.test.ts). */
import { defineValidator } from '../neurons/define.js';
import { Double } from './double-synapse.js';

export default defineValidator({
  synapse: Double,
  timeout: 5,
  challenge: ({ step }) => ({ input: { input: step }, expected: step * 2 }),
  reward: (challenge, response) => (response.output === challenge.expected ? 1 : 0),
});
