/**
 * `subnetkit miner <entry>`: runs the author's miner module (`export default defineMiner({ setup(miner) { … } })`)
 * with the standard flags, until SIGINT/SIGTERM, which lets in-flight requests finish.
 */

import { MINER_FIELDS } from '../../neurons/config.js';
import type { MinerDefinition } from '../../neurons/define.js';
import { defineCommand } from '../command.js';
import { loadEntry } from './load-entry.js';
import { neuronOptions, neuronSettings, shutdownSignal, stderrLogger } from './neuron-options.js';

export default defineCommand({
  name: 'miner',
  summary: 'run a miner module: serve its synapses on an axon, published on chain',
  description:
    'Loads <entry> (.js/.mjs, or .ts with tsx installed), whose default export is defineMiner({ setup(miner) { ' +
    'miner.attach(Synapse, forward) } }), and runs it: checks the hotkey is registered on the subnet, starts the ' +
    'axon, publishes it with serve_axon (skipped when the chain already holds the same ip and port), and resyncs the ' +
    'metagraph on a block cadence. Flags, environment variables and the config file override the values written in ' +
    'the definition. Prints `MINER_READY <port>` (with --json: one JSON line) once serving; logs go to stderr. ' +
    'SIGINT/SIGTERM stop it gracefully (in-flight requests finish within --shutdown-timeout-ms).',
  arguments: [{ name: '<entry>', description: 'the module exporting the miner definition' }],
  options: neuronOptions(MINER_FIELDS),
  examples: [
    'subnetkit miner miner.ts --netuid 2 --wallet.name miner --wallet.hotkey default --axon.port 8091 --axon.external-ip 203.0.113.7',
    'subnetkit miner dist/miner.js --netuid 2 --chain ws://127.0.0.1:9944 --hotkey-uri //Bob//miner --axon.ip 127.0.0.2',
  ],
  async run(ctx) {
    const entry = ctx.args[0] as string;
    const { signal, off } = shutdownSignal();
    try {
      const definition = await loadEntry<MinerDefinition>(entry, 'miner');
      const { setup, ...values } = definition;
      const settings = neuronSettings(ctx, MINER_FIELDS, values);
      ctx.endpoint = (settings.endpoint as string | undefined) ?? 'local';
      const { Miner } = await import('../../neurons/miner.js');
      const miner = new Miner({
        ...values,
        ...settings,
        netuid: settings.netuid,
        handleSignals: false,
        logger: await stderrLogger('miner', settings.logLevel),
      });
      await setup(miner);
      const started = ctx.progress.step(`starting the miner on subnet ${settings.netuid} (${ctx.endpoint})`, () =>
        miner.start(),
      );
      const first = await Promise.race([started, signal]);
      if (typeof first === 'string') {
        await started.catch(() => undefined);
        await miner.stop();
        return 0;
      }
      const ready = { uid: miner.uid, hotkey: miner.hotkey, port: miner.axon.port, synapses: miner.axon.synapses };
      console.log(ctx.json ? JSON.stringify({ ready }) : `MINER_READY ${miner.axon.port}`);
      ctx.progress.note(
        `miner uid ${ready.uid} (${ready.hotkey}) serving ${ready.synapses.join(', ')} on port ${ready.port}; Ctrl-C to stop`,
      );
      const s = await signal;
      ctx.progress.note(`${s} received, stopping (in-flight requests may finish)`);
      await miner.stop();
      return 0;
    } finally {
      off();
    }
  },
});
