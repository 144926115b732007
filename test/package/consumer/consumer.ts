/**
 * A program written against the published packages only. test/package/tarball.test.ts type-checks it against their
 * shipped .d.ts (strict, exactOptionalPropertyTypes), compiles it and runs it with plain node: an Axon answers a
 * Dendrite (the axon verifies its signature, and refuses a forged one), and the worker threads (the axon's verify pool, the wallet's
 * signing pool) start from the built files. Prints one JSON line.
 */
import { Axon, type AxonOptions } from '@subnetkit/axon';
import type { ChainClient } from '@subnetkit/chain';
import { Dendrite, type DendriteOptions } from '@subnetkit/dendrite';
import type { Localnet } from '@subnetkit/localnet';
import type { Metagraph } from '@subnetkit/metagraph';
import { defineSynapse, type InferSynapse, t } from '@subnetkit/synapse';
import { Keypair, type Signer, verifySignature } from '@subnetkit/wallet';
import type { runCli } from 'subnetkit';

const Double = defineSynapse({
  name: 'Double',
  fields: { input: t.int(), output: t.int().optional() },
  hashFields: ['input'],
});

const miner = await Keypair.fromUri('//Bob');
const validator = await Keypair.fromUri('//Alice');

const axonOptions: AxonOptions = { signer: miner, ip: '127.0.0.1', port: 0, verifyThreads: 1, logLevel: 'warn' };
const axon = new Axon(axonOptions);
axon.attach(Double, (synapse: InferSynapse<typeof Double>) => {
  synapse.output = synapse.input * 2;
  return synapse;
});
await axon.start();

const dendriteOptions: DendriteOptions = { signer: validator, signingThreads: 0 };
const dendrite = new Dendrite(dendriteOptions);
const target = { ip: '127.0.0.1', port: axon.port, hotkey: miner.address };
// The axon checks every request's sr25519 signature (here on its verification worker thread): a 200 means it verified.
const [answer] = await dendrite.forward([target], Double, { input: 21 }, { timeout: 12, deserialize: false });
if (!answer) throw new Error('no answer');

// A signer that claims Alice's address but signs with Bob's key: the signature cannot verify, so the axon refuses.
const impostor: Signer = { address: validator.address, publicKey: validator.publicKey, sign: (m) => miner.sign(m) };
const forged = new Dendrite({ signer: impostor, signingThreads: 0 });
const [refused] = await forged.forward([target], Double, { input: 21 }, { timeout: 12, deserialize: false });

// The wallet's signing pool: one worker thread signs; the signature verifies against the key.
const pool = validator.parallelSigner({ threads: 1 });
await pool.warm();
const poolSignature = await pool.signAsync('subnetkit');
const poolWorkers = pool.readyWorkers;
await pool.close();

await forged.close();
await dendrite.close();
await axon.stop();

type Published = [ChainClient, Metagraph, Localnet, typeof runCli]; // their declarations must type-check too
const published: Published | undefined = undefined;

console.log(
  JSON.stringify({
    status: answer.dendrite.status_code,
    output: answer.output ?? null,
    forgedStatus: refused?.dendrite.status_code ?? null,
    poolWorkers,
    poolSignatureVerifies: verifySignature('subnetkit', poolSignature, validator.address),
    published: published === undefined,
  }),
);
