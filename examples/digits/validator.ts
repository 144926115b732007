/**
 * One digits validator as its own process, against any chain:
 *
 *   node --conditions=subnetkit-source --import tsx examples/digits/validator.ts --netuid 2 --endpoint ws://127.0.0.1:9944 \
 *     --wallet.name validator --wallet.hotkey default [--challenge-size 32] [--seed 1]
 *
 * The loop is `Validator`'s (settings: flags > SUBNETKIT_* environment > `--config file.json` > defaults; `--help`
 * lists them); its subnet code is validators.ts: held-out digits as the challenge, accuracy with a latency penalty
 * as the reward. Runs until SIGINT/SIGTERM.
 */
import { configHelp, loadConfig, VALIDATOR_FIELDS, Validator } from 'subnetkit';
import { loadDigits, splitDigits } from './data.js';
import { Digits, type DigitsFields } from './protocol.js';
import { type DigitsChallenge, digitsScoring } from './validators.js';

const FIELDS = {
  ...VALIDATOR_FIELDS,
  challengeSize: { kind: 'int', help: 'digits per challenge (default 32)' },
  seed: { kind: 'int', help: 'seed of the digit draws (default 1)' },
} as const;

if (process.argv.includes('--help')) {
  console.log(`usage: validator.ts --netuid N [options]\n${configHelp(FIELDS)}`);
  process.exit(0);
}
let values: ReturnType<typeof loadConfig<typeof FIELDS>>['values'];
try {
  ({ values } = loadConfig(FIELDS, { defaults: { challengeSize: 32, seed: 1, timeout: 5 } }));
  if (values.netuid === undefined) throw new Error('--netuid is required');
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}

const { challengeSize, seed, ...validatorOptions } = values;
const digits = loadDigits();
const scoring = digitsScoring(digits, splitDigits(digits.count), { batchSize: challengeSize, seed });
const validator = new Validator<DigitsFields, DigitsChallenge>({
  ...validatorOptions,
  netuid: values.netuid as number,
  synapse: Digits,
  // subnetkit miners take msgpack; use 'json' for Python miners.
  dendrite: { bodyFormat: 'msgpack' },
  challenge: scoring.challenge,
  reward: scoring.reward,
});
await validator.start();
await validator.run();
