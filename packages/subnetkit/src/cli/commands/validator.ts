/**
 * `subnetkit validator <entry>`: runs the author's validator module (`export default defineValidator({ synapse,
 * challenge, reward })`): query miners, score them, set weights, until SIGINT/SIGTERM, which ends after the step in
 * flight (its state saved).
 */
import type { FieldShape } from '@subnetkit/synapse';
import { VALIDATOR_FIELDS } from '../../neurons/config.js';
import type { ValidatorDefinition } from '../../neurons/define.js';
import type { Challenge, StepSummary } from '../../neurons/validator.js';
import { defineCommand } from '../command.js';
import { loadEntry } from './load-entry.js';
import { neuronOptions, neuronSettings, shutdownSignal, stderrLogger } from './neuron-options.js';

function stepLine(s: StepSummary): string {
  const w = s.weights;
  const weights = !w
    ? s.weightsPendingSince !== undefined
      ? `weights sent at block ${s.weightsPendingSince}, not in a block yet`
      : `next weights at block ${s.nextWeightsBlock}`
    : w.outcome === 'failed'
      ? `weights failed (${w.error}${w.retry ? ', retrying next step' : ''})`
      : `weights ${w.outcome} at block ${w.block}`;
  return `step ${s.step} block ${s.block}: ${s.uids.length} miners queried, ${s.successes} answered, mean score ${s.meanScore.toFixed(3)}; ${weights}`;
}

export default defineCommand({
  name: 'validator',
  summary: 'run a validator module: query miners, score them, set weights',
  description:
    'Loads <entry> (.js/.mjs, or .ts with tsx installed), whose default export is defineValidator({ synapse, ' +
    'challenge, reward }), and runs its loop: each step resyncs the metagraph on a block cadence, sends the challenge ' +
    'to the serving miners, folds the rewards into a moving average per uid saved to --state-path, and sets weights ' +
    'once per interval (commit-reveal when the subnet has it on). Flags, environment variables and the config file ' +
    'override the values written in the definition. Prints one line per step on stdout (with --json: one JSON ' +
    'object per step); logs go to stderr. SIGINT/SIGTERM stop it after the step in flight.',
  arguments: [{ name: '<entry>', description: 'the module exporting the validator definition' }],
  options: neuronOptions(VALIDATOR_FIELDS),
  examples: [
    'subnetkit validator validator.ts --netuid 2 --wallet.name validator --wallet.hotkey default',
    'subnetkit validator dist/validator.js --netuid 2 --chain test --sample-size 16 --logging.level debug',
  ],
  async run(ctx) {
    const entry = ctx.args[0] as string;
    const { signal, off } = shutdownSignal();
    try {
      const definition = await loadEntry<ValidatorDefinition<FieldShape, Challenge<FieldShape>>>(entry, 'validator');
      const settings = neuronSettings(ctx, VALIDATOR_FIELDS, definition as unknown as Record<string, unknown>);
      ctx.endpoint = (settings.endpoint as string | undefined) ?? 'local';
      const { Validator } = await import('../../neurons/validator.js');
      const validator = new Validator({
        ...definition,
        ...settings,
        netuid: settings.netuid,
        handleSignals: false,
        logger: await stderrLogger('validator', settings.logLevel),
        onStep: (summary) => {
          console.log(ctx.json ? JSON.stringify({ step: summary }) : stepLine(summary));
          definition.onStep?.(summary);
        },
      });
      const started = ctx.progress.step(`starting the validator on subnet ${settings.netuid} (${ctx.endpoint})`, () =>
        validator.start(),
      );
      const first = await Promise.race([started, signal]);
      if (typeof first === 'string') {
        await started.catch(() => undefined);
        await validator.stop();
        return 0;
      }
      const ready = { uid: validator.uid, hotkey: validator.hotkey, statePath: validator.statePath };
      console.log(ctx.json ? JSON.stringify({ ready }) : `VALIDATOR_READY uid ${ready.uid}`);
      ctx.progress.note(`validator uid ${ready.uid} (${ready.hotkey}), state in ${ready.statePath}; Ctrl-C to stop`);
      void signal.then((s) => {
        ctx.progress.note(`${s} received, stopping after the current step`);
        return validator.stop();
      });
      await validator.run();
      await validator.stop();
      return 0;
    } finally {
      off();
    }
  },
});
