/**
 * One digits miner as its own process, against any chain (`subnetkit localnet up`, a testnet, ...):
 *
 *   node --conditions=subnetkit-source --import tsx examples/digits/miner.ts --profile cnn --netuid 2 --endpoint ws://127.0.0.1:9944 \
 *     --wallet.name miner --wallet.hotkey default --axon-port 8091 [--device cpu|gpu|auto]
 *
 * `--profile` is one of cnn, mlp, noisy, slow, tiny (see README.md); the other settings are the `Miner`'s (flags >
 * SUBNETKIT_* environment > `--config file.json` > defaults; `--help` lists them). The model is trained on first use
 * and cached. Prints `MINER_READY <ip>:<port> uid <uid>` once serving; SIGINT/SIGTERM stop it gracefully.
 */
import { configHelp, loadConfig, MINER_FIELDS } from 'subnetkit';
import { loadMinerModel, minerProfile, startDigitsMiner, stopDigitsMiner } from './miners.js';
import { prepareModels } from './prepare-models.js';

const FIELDS = {
  ...MINER_FIELDS,
  profile: { kind: 'string', help: 'which miner: cnn, mlp, noisy, slow or tiny' },
  device: { kind: 'string', help: 'where the model runs: cpu, gpu or auto' },
} as const;

if (process.argv.includes('--help')) {
  console.log(`usage: miner.ts --profile NAME --netuid N [options]\n${configHelp(FIELDS)}`);
  process.exit(0);
}
let values: ReturnType<typeof loadConfig<typeof FIELDS>>['values'];
let profile: ReturnType<typeof minerProfile>;
try {
  ({ values } = loadConfig(FIELDS, { defaults: { profile: 'cnn', device: 'auto' } }));
  profile = minerProfile(values.profile as string);
  if (!['cpu', 'gpu', 'auto'].includes(values.device as string))
    throw new Error(`--device must be cpu, gpu or auto, got '${values.device}'`);
  if (values.netuid === undefined) throw new Error('--netuid is required');
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}

const { profile: _p, device, ...minerOptions } = values;
const { models } = await prepareModels([profile.model]);
const model = await loadMinerModel(profile, models[profile.model]!, device as 'cpu' | 'gpu' | 'auto');
const m = await startDigitsMiner(profile, model, { ...minerOptions, netuid: values.netuid as number });
// The Miner stops itself on SIGINT/SIGTERM (in-flight answers finish); then release the batcher and the model.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void stopDigitsMiner(m).then(() => model.close());
  });
const info = m.miner.axon.info();
console.log(`MINER_READY ${info.ip}:${m.miner.axon.port} uid ${m.miner.uid} ${profile.name} on ${model.engine}`);
