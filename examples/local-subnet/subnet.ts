/**
 * The smallest whole subnet, in one process, on subnetkit's public API: the real subtensor runtime (in-process
 * localnet), a subnet with one validator and three miners. Each miner is a `Miner` serving the Dummy synapse
 * (output = input × 2) and publishing its axon with serve_axon; the validator is a `Validator` whose author code is
 * `challenge()` and `reward()`. Weights go on chain and Yuma consensus turns them into incentive.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RequestRejected } from '@subnetkit/axon';
import {
  addStake,
  createSubnet,
  formatDownloadProgress,
  type Localnet,
  registerNeurons,
  startLocalnet,
} from '@subnetkit/localnet';
import { Keypair } from '@subnetkit/wallet';
import { Miner, type StepSummary, Validator } from 'subnetkit';
import { Dummy, double, dummyProblem } from '../dummy/protocol.js';

const TAO = 1_000_000_000n;

/** How each demo miner behaves: an honest fast one, an honest slow one, and one that is mostly wrong. */
export const MINER_PROFILES = [
  { name: 'fast', delayMs: 0, wrong: (_input: number) => false },
  { name: 'slow', delayMs: 400, wrong: (_input: number) => false },
  { name: 'sloppy', delayMs: 0, wrong: (input: number) => input % 10 < 7 },
] as const;

/** The validator's reward: right or wrong, discounted by latency (1 at 0 s, 0.5 at 1 s). */
export function scoreAnswer(correct: boolean, latencyS: number): number {
  return (correct ? 1 : 0) / (1 + latencyS);
}

export interface LocalSubnetOptions {
  /** One line per step; default: silent. */
  log?: (line: string) => void;
  /** Yuma epochs after the one that hands out the validator permit (default 1); validator steps before each (5). */
  epochs?: number;
  stepsPerEpoch?: number;
  /** An already running localnet to use instead of starting one (it is not closed). */
  localnet?: Localnet;
}

export async function runLocalSubnet(options: LocalSubnetOptions = {}) {
  const started = performance.now();
  const say = (text: string) =>
    options.log?.(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${text}`);
  // The demo prints its own progress lines; the neurons' pino logs show only warnings unless asked for.
  const logLevel = process.env.SUBNETKIT_LOG_LEVEL ?? 'warn';
  const net =
    options.localnet ??
    (await startLocalnet({ onDownloadProgress: (p) => say(`localnet: chain spec ${formatDownloadProgress(p)}`) }));
  const stateDir = await mkdtemp(join(tmpdir(), 'local-subnet-'));
  const client = await net.client();
  const miners: Miner[] = [];
  let validator: Validator<(typeof Dummy)['fields'], { input: { input: number } }> | undefined;
  try {
    // The chain side: a subnet, a staked validator and three miners (localnet dev helpers; //Alice is sudo).
    const { netuid } = await createSubnet(net, { owner: await Keypair.fromUri('//Alice') });
    const vCold = await Keypair.fromUri('//Bob');
    const vHot = await Keypair.fromUri('//Bob//validator');
    const mHots = await Promise.all(MINER_PROFILES.map((_, i) => Keypair.fromUri(`//Charlie//miner${i + 1}`)));
    const [validatorUid] = await registerNeurons(net, { netuid, coldkey: vCold, hotkeys: [vHot] });
    await registerNeurons(net, { netuid, coldkey: await Keypair.fromUri('//Charlie'), hotkeys: mHots });
    await addStake(net, { netuid, hotkey: vHot.address, coldkey: vCold, amount: 1000n * TAO });
    say(`subnet ${netuid}: validator uid ${validatorUid} staked, ${mHots.length} miners registered`);

    // Miners: an Axon each on 127.0.0.2+ (the chain refuses 127.0.0.1), published with serve_axon by start().
    for (const [i, profile] of MINER_PROFILES.entries()) {
      const miner = new Miner({ netuid, client, signer: mHots[i], axonIp: `127.0.0.${i + 2}`, axonPort: 0, logLevel });
      miner.attach(Dummy, async (synapse, { signal }) => {
        const problem = dummyProblem(synapse.input);
        if (problem) throw new RequestRejected(422, problem);
        if (profile.delayMs) await sleep(profile.delayMs, signal);
        synapse.output = double(synapse.input) + (profile.wrong(synapse.input) ? 1 : 0);
      });
      miners.push(await miner.start());
      say(`miner uid ${miner.uid} (${profile.name}) serving at ${miner.axon.info().ip}:${miner.axon.port}`);
    }

    const tally = new Map<number, { right: number; asked: number; latency: number }>();
    validator = new Validator({
      netuid,
      client,
      signer: vHot,
      logLevel,
      synapse: Dummy,
      statePath: join(stateDir, 'validator.json'),
      syncEveryBlocks: 1,
      timeout: 5,
      alpha: 0.3,
      challenge: ({ step }) => ({ input: { input: (step * 7) % 10 } }),
      reward: (challenge, response, { uid, processTime }) => {
        const correct = response.output === double(challenge.input.input);
        const t = tally.get(uid) ?? { right: 0, asked: 0, latency: 0 };
        tally.set(uid, { right: t.right + (correct ? 1 : 0), asked: t.asked + 1, latency: t.latency + processTime });
        return scoreAnswer(correct, processTime);
      },
      onStep: (s: StepSummary) => say(progressLine(s)),
    });
    await validator.start();
    // Scoring starts at once; weights wait for the validator permit, which the first epoch hands out.
    const steps = options.stepsPerEpoch ?? 5;
    for (let epoch = 0; epoch <= (options.epochs ?? 1); epoch++) {
      for (let i = 0; i < steps; i++) await validator.step();
      const block = await net.advanceToNextEpoch(netuid);
      say(`epoch at block ${block}: ${epoch === 0 ? 'validator permit assigned' : 'Yuma consensus ran'}`);
    }

    const mg = validator.metagraph;
    await mg.sync({ lite: false });
    const scores = validator.scores;
    return {
      netuid,
      validatorUid: validatorUid as number,
      steps: validator.steps,
      miners: miners.map((m, i) => {
        const uid = m.uid as number;
        const t = tally.get(uid) ?? { right: 0, asked: 0, latency: 0 };
        return {
          uid,
          name: MINER_PROFILES[i]?.name ?? '',
          axon: `${m.axon.info().ip}:${m.axon.port}`,
          accuracy: t.asked ? t.right / t.asked : 0,
          meanLatencyS: t.asked ? t.latency / t.asked : 0,
          score: scores[uid] ?? 0,
          incentive: mg.incentive[uid] ?? 0,
          emissionRao: mg.emission[uid] ?? 0n,
        };
      }),
      validatorDividends: mg.dividends[validatorUid as number] ?? 0,
      validatorBonds: (mg.bonds[validatorUid as number] ?? new Float64Array()).reduce((a, b) => a + b, 0),
      table: mg.toTable(),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await validator?.close();
    await Promise.all(miners.map((m) => m.close()));
    if (!options.localnet) await net.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

export type LocalSubnetResult = Awaited<ReturnType<typeof runLocalSubnet>>;

function progressLine(s: StepSummary): string {
  const w = s.weights;
  const weights = !w
    ? ''
    : w.outcome === 'failed'
      ? `, weights failed (${w.error})`
      : `, weights ${w.outcome} in block ${w.block}`;
  return `step ${s.step} block ${s.block}: ${s.uids.length} miners queried, ${s.successes} answered, mean score ${s.meanScore.toFixed(3)}${weights}, next weights at block ${s.nextWeightsBlock}`;
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
