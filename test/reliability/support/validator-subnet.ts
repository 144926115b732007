/**
 * A subnet for the validator fault suites on the real in-process localnet: a staked validator with its permit
 * (//Bob//faults<netuid>), and one miner serving Dummy in this process on 127.0.0.2 (the miner is not under test;
 * the validator is, in its own process, over the localnet's ws server).
 */
import type { ChainClient } from '@subnetkit/chain';
import { addStake, createSubnet, type Localnet, registerNeurons } from '@subnetkit/localnet';
import { Keypair } from '@subnetkit/wallet';
import { Miner } from 'subnetkit';
import { Dummy, double } from '../../../examples/dummy/protocol.js';

const TAO = 1_000_000_000n;

export interface FaultSubnet {
  netuid: number;
  validatorUri: string;
  validatorHotkey: string;
  validatorUid: number;
  miner: Miner;
}

export async function faultSubnet(net: Localnet, options: { commitReveal: boolean }): Promise<FaultSubnet> {
  const client: ChainClient = await net.client();
  const { netuid } = await createSubnet(net, {
    owner: await Keypair.fromUri('//Alice'),
    hyperparams: { tempo: 10, commitReveal: options.commitReveal },
  });
  const validatorUri = `//Bob//faults${netuid}`;
  const validatorHot = await Keypair.fromUri(validatorUri);
  const minerHot = await Keypair.fromUri(`//Charlie//faults${netuid}`);
  const [validatorUid] = await registerNeurons(net, {
    netuid,
    coldkey: await Keypair.fromUri('//Bob'),
    hotkeys: [validatorHot],
  });
  await registerNeurons(net, { netuid, coldkey: await Keypair.fromUri('//Charlie'), hotkeys: [minerHot] });
  await addStake(net, {
    netuid,
    hotkey: validatorHot.address,
    coldkey: await Keypair.fromUri('//Bob'),
    amount: 1000n * TAO,
  });
  const miner = new Miner({
    netuid,
    client,
    signer: minerHot,
    axonIp: '127.0.0.2',
    axonPort: 0,
    syncEveryBlocks: 1000,
    handleSignals: false,
    logLevel: 'silent',
  });
  miner.attach(Dummy, (synapse) => {
    synapse.output = double(synapse.input);
  });
  await miner.start();
  await net.advanceToNextEpoch(netuid); // hands the validator its permit
  await net.newBlocks(11); // a whole tempo since registration: weights are due at the validator's first step
  return { netuid, validatorUri, validatorHotkey: validatorHot.address, validatorUid: validatorUid!, miner };
}

/** The validator fixture of the neurons tests, as its own process, configured through the environment. */
export function validatorEnv(endpoint: string, subnet: FaultSubnet, statePath: string): NodeJS.ProcessEnv {
  return {
    SUBNETKIT_ENDPOINT: endpoint,
    SUBNETKIT_NETUID: String(subnet.netuid),
    SUBNETKIT_HOTKEY_URI: subnet.validatorUri,
    SUBNETKIT_STATE_PATH: statePath,
    SUBNETKIT_STEP_INTERVAL_MS: '300',
    SUBNETKIT_LOG_LEVEL: 'info',
  };
}

export const VALIDATOR_SCRIPT = 'test/neurons/fixtures/validator-process.ts';

/** Extrinsics `section.method` signed by `signer` in blocks from..to (inclusive) of the localnet. */
export async function signedCalls(net: Localnet, signer: string, from: number, to: number): Promise<string[]> {
  const api = await net.api();
  const found: string[] = [];
  for (let n = from; n <= to; n++) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const block = await api.rpc.chain.getBlock(hash);
    for (const ex of block.block.extrinsics) {
      if (ex.isSigned && ex.signer.toString() === signer) found.push(`${ex.method.section}.${ex.method.method}@${n}`);
    }
  }
  return found;
}
