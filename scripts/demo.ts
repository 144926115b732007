/**
 * `npm run demo`: runs a whole local subnet in one process tree. Until every piece exists it prints the plan and
 * runs the pieces that do.
 */
const steps = [
  'start the embedded subtensor localnet (real runtime, in process)',
  'create a subnet, register one validator and three miners, stake',
  'start three miners (axons on 127.0.0.2..4) serving the Dummy synapse',
  'the validator queries them with a dendrite, scores the answers, sets weights',
  'advance one epoch and print the metagraph: incentive follows the weights',
];
console.log('subnetkit demo — a whole local subnet, no mocks:');
for (const [i, s] of steps.entries()) console.log(`  ${i + 1}. ${s}`);
console.log('\nThe demo is not wired up yet; run `npm test` to exercise the pieces that exist.');
