/**
 * A whole local subnet in one process, built only on subnetkit's public packages: the real subtensor runtime
 * (in-process localnet), a subnet with one validator and three miners, miners serving the Dummy synapse behind
 * Axons published on chain with serve_axon, a validator that reads the metagraph, queries the miners with a Dendrite,
 * scores them, sets weights, and an epoch of Yuma consensus that turns those weights into incentive.
 */
import { Axon, RequestRejected } from '@subnetkit/axon';
import { serveAxon } from '@subnetkit/chain';
import { Dendrite } from '@subnetkit/dendrite';
import {
  addStake,
  createSubnet,
  formatDownloadProgress,
  type Localnet,
  registerNeurons,
  type StartProgress,
  startLocalnet,
} from '@subnetkit/localnet';
import { chainSource, Metagraph, setWeights } from '@subnetkit/metagraph';
import { Keypair } from '@subnetkit/wallet';
import { Dummy, double, dummyProblem } from '../dummy/protocol.js';

const TAO = 1_000_000_000n;

/** How each demo miner behaves: an honest fast one, an honest slow one, and one that is mostly wrong. */
export const MINER_PROFILES = [
  { name: 'fast', delayMs: 0, wrong: (_input: number) => false },
  { name: 'slow', delayMs: 400, wrong: (_input: number) => false },
  { name: 'sloppy', delayMs: 0, wrong: (input: number) => input % 10 < 7 },
] as const;

export interface MinerResult {
  uid: number;
  name: string;
  hotkey: string;
  axon: string;
  accuracy: number;
  meanLatencyS: number;
  score: number;
  incentive: number;
  emissionRao: bigint;
}

export interface LocalSubnetResult {
  netuid: number;
  validatorUid: number;
  miners: MinerResult[];
  validatorDividends: number;
  validatorBonds: number;
  table: string;
  seconds: number;
}

export interface LocalSubnetOptions {
  /** One line per step; default: silent. */
  log?: (line: string) => void;
  /** Queries per miner per scoring round (default 10). */
  queries?: number;
  /** An already running localnet to use instead of starting one (it is not closed). */
  localnet?: Localnet;
}

/** Scores one miner: the share of right answers, discounted by latency (1 at 0 s, 0.5 at 1 s). */
export function scoreMiner(correct: number, total: number, meanLatencyS: number): number {
  if (total === 0) return 0;
  return (correct / total) * (1 / (1 + meanLatencyS));
}

export async function runLocalSubnet(options: LocalSubnetOptions = {}): Promise<LocalSubnetResult> {
  const log = options.log ?? (() => {});
  const queries = options.queries ?? 10;
  const started = performance.now();
  const step = (text: string) => log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${text}`);

  const net =
    options.localnet ??
    (await startLocalnet({
      onProgress: (e) => step(`localnet: ${describe(e)}`),
      onDownloadProgress: (p) => step(`localnet: chain spec ${formatDownloadProgress(p)}`),
    }));
  const axons: Axon[] = [];
  let dendrite: Dendrite | undefined;
  try {
    const client = await net.client();
    step(`chain ready at block ${net.head().number} (subtensor runtime ${client.specVersion})`);

    const owner = await Keypair.fromUri('//Alice');
    const { netuid } = await createSubnet(net, { owner });
    step(`subnet ${netuid} created by //Alice and started (tempo 10, weights rate limit 0, commit-reveal off)`);

    const validatorCold = await Keypair.fromUri('//Bob');
    const validatorHot = await Keypair.fromUri('//Bob//validator');
    const minerCold = await Keypair.fromUri('//Charlie');
    const minerHots = await Promise.all(MINER_PROFILES.map((_, i) => Keypair.fromUri(`//Charlie//miner${i + 1}`)));
    const [validatorUid] = await registerNeurons(net, { netuid, coldkey: validatorCold, hotkeys: [validatorHot] });
    const minerUids = await registerNeurons(net, { netuid, coldkey: minerCold, hotkeys: minerHots });
    step(`registered validator uid ${validatorUid} and miners uids ${minerUids.join(', ')}`);
    await addStake(net, { netuid, hotkey: validatorHot.address, coldkey: validatorCold, amount: 1000n * TAO });
    step('staked 1000 TAO on the validator');

    for (const [i, profile] of MINER_PROFILES.entries()) {
      const hotkey = minerHots[i] as Keypair;
      const ip = `127.0.0.${i + 2}`; // the chain refuses 127.0.0.1; Linux routes all of 127/8 to loopback
      const axon = new Axon({ signer: hotkey, ip, port: 0, logLevel: 'silent' });
      axon.attach(Dummy, async (synapse, { signal }) => {
        const problem = dummyProblem(synapse.input);
        if (problem) throw new RequestRejected(422, problem);
        if (profile.delayMs) await sleep(profile.delayMs, signal);
        synapse.output = profile.wrong(synapse.input) ? double(synapse.input) + 1 : double(synapse.input);
        return synapse;
      });
      await axon.start();
      axons.push(axon);
      await serveAxon(client, { netuid, hotkey, ip, port: axon.port });
      step(`miner ${i + 1} (${profile.name}) serving Dummy at ${ip}:${axon.port}, published with serve_axon`);
    }

    // Validator permits are handed out by the epoch: run one before weights to other neurons are allowed.
    let epochBlock = await net.advanceToNextEpoch(netuid);
    step(`epoch at block ${epochBlock}: validator permit assigned`);

    const metagraph = new Metagraph(netuid, chainSource(client));
    await metagraph.sync({ lite: true });
    const targets = minerUids.map((uid) => metagraph.axons[uid]);
    step(
      `metagraph synced at block ${metagraph.block}: n=${metagraph.n}, axons ${targets.map((a) => `${a?.ip}:${a?.port}`).join(' ')}`,
    );

    dendrite = new Dendrite({ signer: validatorHot });
    const scores = await scoreMiners(dendrite, targets, queries);
    for (const [i, s] of scores.entries()) {
      step(
        `miner uid ${minerUids[i]}: accuracy ${s.accuracy.toFixed(2)}, latency ${s.meanLatencyS.toFixed(3)} s, score ${s.score.toFixed(3)}`,
      );
    }

    const weights = normalize(scores.map((s) => s.score));
    await setWeights(client, { netuid, signer: validatorHot, uids: minerUids, weights });
    step(`validator set weights ${weights.map((w) => w.toFixed(3)).join(', ')} on uids ${minerUids.join(', ')}`);

    epochBlock = await net.advanceToNextEpoch(netuid);
    await metagraph.sync({ lite: false });
    step(`epoch at block ${epochBlock}: Yuma consensus ran`);

    const table = metagraph.toTable();
    const miners = minerUids.map((uid, i) => ({
      uid,
      name: MINER_PROFILES[i]?.name ?? '',
      hotkey: metagraph.hotkeys[uid] ?? '',
      axon: `${targets[i]?.ip}:${targets[i]?.port}`,
      ...(scores[i] as MinerScore),
      incentive: metagraph.incentive[uid] ?? 0,
      emissionRao: metagraph.emission[uid] ?? 0n,
    }));
    const vUid = validatorUid as number;
    return {
      netuid,
      validatorUid: vUid,
      miners,
      validatorDividends: metagraph.dividends[vUid] ?? 0,
      validatorBonds: (metagraph.bonds[vUid] ?? new Float64Array()).reduce((a, b) => a + b, 0),
      table,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await dendrite?.close();
    await Promise.all(axons.map((a) => a.stop()));
    if (!options.localnet) await net.close();
  }
}

interface MinerScore {
  accuracy: number;
  meanLatencyS: number;
  score: number;
}

/** Sends `queries` Dummy requests (inputs 0..queries-1) to every miner at once per input, and scores the answers. */
async function scoreMiners(
  dendrite: Dendrite,
  targets: ({ ip: string; port: number; hotkey: string } | undefined)[],
  queries: number,
): Promise<MinerScore[]> {
  const axons = targets.map((t, i) => {
    if (!t) throw new Error(`miner ${i + 1} has no axon in the metagraph`);
    return t;
  });
  const correct = axons.map(() => 0);
  const latency = axons.map(() => 0);
  for (let input = 0; input < queries; input++) {
    const answers = await dendrite.forward(axons, Dummy, { input }, { timeout: 5, deserialize: false });
    for (const [i, a] of answers.entries()) {
      if (a.dendrite.status_code === 200 && a.output === double(input)) correct[i] = (correct[i] ?? 0) + 1;
      latency[i] = (latency[i] ?? 0) + (a.dendrite.process_time ?? 5);
    }
  }
  return axons.map((_, i) => {
    const meanLatencyS = (latency[i] ?? 0) / queries;
    const accuracy = (correct[i] ?? 0) / queries;
    return { accuracy, meanLatencyS, score: scoreMiner(correct[i] ?? 0, queries, meanLatencyS) };
  });
}

function normalize(xs: number[]): number[] {
  const sum = xs.reduce((a, b) => a + b, 0);
  return sum > 0 ? xs.map((x) => x / sum) : xs.map(() => 1 / xs.length);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

function describe(e: StartProgress): string {
  switch (e.step) {
    case 'spec':
      return `chain spec ${e.path} (${e.source}, sha256 ok)`;
    case 'genesis':
      return `genesis ${e.origin} in ${e.ms} ms`;
    case 'runtime':
      return `${e.specName} runtime ${e.specVersion} started in ${e.ms} ms (${e.slotDurationMs} ms slots)`;
    case 'remote':
      return `runtime ${e.specName} ${e.specVersion} fetched from ${e.endpoint} in ${e.ms} ms`;
    case 'fork':
      return `forked ${e.endpoint} at block #${e.block} in ${e.ms} ms`;
  }
}
