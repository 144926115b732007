/**
 * The digits subnet, whole, in one process: the real subtensor runtime (in-process localnet), a subnet with one or two
 * validators and up to five miners. Miners serve trained digit classifiers (tfjs and ONNX) through the batcher behind
 * real Axons published with serve_axon; validators are `Validator`s sending batches of held-out digits and scoring
 * accuracy with a latency penalty; weights go on chain and Yuma consensus turns them into incentive.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceName } from '@subnetkit/inference';
import { addStake, createSubnet, type Localnet, registerNeurons, startLocalnet } from '@subnetkit/localnet';
import { Keypair } from '@subnetkit/wallet';
import { type StepSummary, Validator } from 'subnetkit';
import type { ChallengeModel } from './challenge-model.js';
import { type DemoDashboard, type DemoDashboardOptions, startDemoDashboard } from './dashboard.js';
import { loadDigits, splitDigits } from './data.js';
import {
  checkDevice,
  type DigitsMiner,
  loadMinerModel,
  MINER_PROFILES,
  startDigitsMiner,
  stopDigitsMiner,
} from './miners.js';
import { prepareModels } from './prepare-models.js';
import type { DigitsFields } from './protocol.js';
import { Digits } from './protocol.js';
import { type DigitsChallenge, digitsScoring, type Tally } from './validators.js';

const TAO = 1_000_000_000n;
/** Short epochs keep the demo quick: Yuma runs every TEMPO + 1 blocks. */
const TEMPO = 4;
const VALIDATOR_STAKES_TAO = [1000n, 600n];

export interface DigitsSubnetOptions {
  /** Yuma epochs to run after the one that hands out validator permits. Default 2. */
  epochs?: number;
  /** Validator steps before each epoch. Default 3. */
  stepsPerEpoch?: number;
  /** Miners, the first N of MINER_PROFILES (1-5). Default 5. */
  miners?: number;
  /** Validators (1-2). Default 2. */
  validators?: number;
  /** Where the models run. Default 'auto'. */
  device?: 'auto' | DeviceName;
  /** Digits per challenge. Default 32. */
  challengeSize?: number;
  /** Model cache folder (default .cache/digits-models at the repo root, or SUBNETKIT_DIGITS_CACHE). */
  cacheDir?: string;
  /** One line per step; default: silent. */
  log?: (line: string) => void;
  /** An already running localnet to use (it is not closed). */
  localnet?: Localnet;
  /** Serve the live dashboard for the subnet while it runs (its URL is logged), and hold it after the last epoch. */
  dashboard?: DemoDashboardOptions;
  /** Called with the result before the chain and neurons stop (e.g. to print it while the dashboard is held). */
  onResult?: (result: DigitsSubnetResult) => void | Promise<void>;
}

export interface NeuronRow {
  uid: number;
  role: 'validator' | 'miner';
  /** The miner profile's quality label, or the validator's name. */
  quality: string;
  name: string;
  /** Miners: their quality tier (1 best); validators: 0. */
  tier: number;
  backend: string;
  hotkey: string;
  stakeTao: number;
  incentive: number;
  dividends: number;
  emissionRao: bigint;
  trust: number;
  validatorTrust: number;
  /** Miners: the mean accuracy and latency the validators measured. */
  accuracy?: number;
  latencyS?: number;
}

export interface DigitsSubnetResult {
  netuid: number;
  epochs: number;
  steps: number;
  rows: NeuronRow[];
  /** Each validator's final moving-average scores, by uid. */
  validatorScores: { uid: number; scores: number[] }[];
  /** Models: how they were obtained and how good they are on held-out digits. */
  models: Record<string, { heldOutAccuracy: number; trainSeconds: number; fromCache: boolean }>;
  seconds: number;
}

export async function runDigitsSubnet(options: DigitsSubnetOptions = {}): Promise<DigitsSubnetResult> {
  const t0 = performance.now();
  const say = (text: string) => options.log?.(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${text}`);
  const epochs = count('epochs', options.epochs ?? 2, 1, 100);
  const stepsPerEpoch = count('stepsPerEpoch', options.stepsPerEpoch ?? 3, 1, 1000);
  const profiles = MINER_PROFILES.slice(0, count('miners', options.miners ?? 5, 1, MINER_PROFILES.length));
  const nValidators = count('validators', options.validators ?? 2, 1, VALIDATOR_STAKES_TAO.length);
  const device = options.device ?? 'auto';

  await checkDevice(device);
  // Training (first run only) goes to a worker thread while this thread starts the chain.
  const digits = loadDigits();
  const split = splitDigits(digits.count);
  const modelsReady = prepareModels([...new Set(profiles.map((p) => p.model))], {
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    log: say,
  });
  modelsReady.catch(() => {}); // awaited below; keeps an early chain failure from leaving it unhandled

  const net = options.localnet ?? (await startLocalnet());
  const client = await net.client();
  say(`chain ready at block ${net.head().number}`);
  const stateDir = await mkdtemp(join(tmpdir(), 'digits-subnet-'));
  const miners: DigitsMiner[] = [];
  const models: ChallengeModel[] = [];
  const validators: Validator<DigitsFields, DigitsChallenge>[] = [];
  let dashboard: DemoDashboard | undefined;
  try {
    const { netuid } = await createSubnet(net, {
      owner: await Keypair.fromUri('//Alice'),
      hyperparams: { tempo: TEMPO },
    });
    if (options.dashboard) {
      dashboard = await startDemoDashboard(client, netuid, options.dashboard);
      say(`dashboard: ${dashboard.url} (live while the demo runs)`);
    }
    const vCold = await Keypair.fromUri('//Bob');
    const vHots = await Promise.all(
      Array.from({ length: nValidators }, (_, i) => Keypair.fromUri(`//Bob//validator${i + 1}`)),
    );
    const mHots = await Promise.all(profiles.map((_, i) => Keypair.fromUri(`//Charlie//miner${i + 1}`)));
    const vUids = await registerNeurons(net, { netuid, coldkey: vCold, hotkeys: vHots });
    await registerNeurons(net, { netuid, coldkey: await Keypair.fromUri('//Charlie'), hotkeys: mHots });
    for (const [i, hot] of vHots.entries())
      await addStake(net, {
        netuid,
        hotkey: hot.address,
        coldkey: vCold,
        amount: (VALIDATOR_STAKES_TAO[i] as bigint) * TAO,
      });
    say(
      `subnet ${netuid} (tempo ${TEMPO}): validators uid ${vUids.join(', ')} staked ${VALIDATOR_STAKES_TAO.slice(0, nValidators).join(' and ')} TAO, ${mHots.length} miners registered`,
    );

    const prepared = await modelsReady;
    say(
      `models ready (${prepared.trained.length ? `trained ${prepared.trained.join(', ')}` : 'all from the cache'}): ${Object.values(
        prepared.models,
      )
        .map((m) => `${m.recipe} ${(m.heldOutAccuracy * 100).toFixed(1)}%`)
        .join(', ')} on held-out digits`,
    );

    // Miners: an Axon each on 127.0.0.2+ (the chain refuses 127.0.0.1; Linux routes all of 127/8 to loopback).
    // Loaded together; the ones that loaded are kept for disposal even if another fails.
    const loaded = await Promise.allSettled(
      profiles.map(async (profile) => {
        const cached = prepared.models[profile.model];
        if (!cached) throw new Error(`no model for ${profile.model}`);
        return loadMinerModel(profile, cached, device);
      }),
    );
    for (const l of loaded) if (l.status === 'fulfilled') models.push(l.value);
    const loadFailed = loaded.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (loadFailed) throw loadFailed.reason;
    // Started together: each start() publishes its axon with serve_axon, and their extrinsics share blocks.
    const started = await Promise.allSettled(
      profiles.map((profile, i) =>
        startDigitsMiner(profile, models[i] as ChallengeModel, {
          netuid,
          client,
          signer: mHots[i],
          axonIp: `127.0.0.${i + 2}`,
          axonPort: 0,
          logLevel: process.env.SUBNETKIT_LOG_LEVEL ?? 'warn',
          handleSignals: false,
        }),
      ),
    );
    for (const s of started) if (s.status === 'fulfilled') miners.push(s.value);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    for (const m of miners) {
      const info = m.miner.axon.info();
      say(
        `miner uid ${m.miner.uid} ${m.profile.name.padEnd(5)} serving Digits at ${info.ip}:${m.miner.axon.port} on ${m.model.engine} (${m.model.device})`,
      );
    }

    const scorings = vHots.map((_, i) =>
      digitsScoring(digits, split, { seed: i + 1, batchSize: options.challengeSize ?? 32 }),
    );
    for (const [i, hot] of vHots.entries()) {
      const scoring = scorings[i]!;
      const v = new Validator<DigitsFields, DigitsChallenge>({
        netuid,
        client,
        signer: hot,
        synapse: Digits,
        statePath: join(stateDir, `validator${i + 1}.json`),
        syncEveryBlocks: 1,
        timeout: 5,
        // subnetkit on both ends: msgpack bodies carry the digits as raw float32, no base64 JSON.
        dendrite: { bodyFormat: 'msgpack' },
        alpha: 0.3,
        logLevel: process.env.SUBNETKIT_LOG_LEVEL ?? 'warn',
        handleSignals: false,
        challenge: scoring.challenge,
        reward: scoring.reward,
        onStep: (s) => say(progressLine(`validator ${i + 1}`, s)),
      });
      validators.push(await v.start());
    }

    // Scoring starts at once; weights wait for the validator permits, which the first epoch hands out.
    for (let epoch = 0; epoch <= epochs; epoch++) {
      for (let s = 0; s < stepsPerEpoch; s++) await Promise.all(validators.map((v) => v.step()));
      const block = await net.advanceToNextEpoch(netuid);
      say(
        `epoch at block ${block}: ${epoch === 0 ? 'validator permits assigned' : `Yuma consensus ran (${epoch}/${epochs})`}`,
      );
    }

    const mg = validators[0]!.metagraph;
    await mg.sync({ lite: true });
    const rows: NeuronRow[] = [];
    for (const [i, uid] of vUids.entries())
      rows.push(row(mg, uid, 'validator', `validator ${i + 1}`, `validator ${i + 1}`, 0, 'dendrite'));
    for (const m of miners) {
      const uid = m.miner.uid as number;
      const seen = scorings.map((s) => s.tallies.get(uid)).filter((t): t is Tally => t !== undefined);
      const mean = (f: (t: Tally) => number) => (seen.length ? seen.reduce((a, t) => a + f(t), 0) / seen.length : 0);
      rows.push({
        ...row(
          mg,
          uid,
          'miner',
          m.profile.quality,
          m.profile.name,
          m.profile.tier,
          `${m.model.backend} (${m.model.engine})`,
        ),
        accuracy: mean((t) => t.accuracy),
        latencyS: mean((t) => t.latencyS),
      });
    }
    const result: DigitsSubnetResult = {
      netuid,
      epochs,
      steps: validators[0]!.steps,
      rows,
      validatorScores: validators.map((v) => ({ uid: v.uid as number, scores: Array.from(v.scores) })),
      models: Object.fromEntries(
        Object.values(prepared.models).map((m) => [
          m.recipe,
          {
            heldOutAccuracy: m.heldOutAccuracy,
            trainSeconds: m.trainSeconds,
            fromCache: !prepared.trained.includes(m.recipe),
          },
        ]),
      ),
      seconds: (performance.now() - t0) / 1000,
    };
    await options.onResult?.(result);
    await dashboard?.holdAndClose(say);
    return result;
  } finally {
    await dashboard?.close();
    await Promise.all(validators.map((v) => v.close()));
    await Promise.all(miners.map((m) => stopDigitsMiner(m)));
    await Promise.all(models.map((m) => m.close()));
    if (!options.localnet) await net.close();
    await rm(stateDir, { recursive: true, force: true });
    await modelsReady.catch(() => {});
  }
}

function row(
  mg: Validator<DigitsFields, DigitsChallenge>['metagraph'],
  uid: number,
  role: NeuronRow['role'],
  quality: string,
  name: string,
  tier: number,
  backend: string,
): NeuronRow {
  return {
    uid,
    role,
    quality,
    name,
    tier,
    backend,
    hotkey: mg.hotkeys[uid] ?? '',
    stakeTao: Number(mg.stake[uid] ?? 0n) / 1e9,
    incentive: mg.incentive[uid] ?? 0,
    dividends: mg.dividends[uid] ?? 0,
    emissionRao: mg.emission[uid] ?? 0n,
    trust: mg.trust[uid] ?? 0,
    validatorTrust: mg.validatorTrust[uid] ?? 0,
  };
}

function count(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max)
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${v}`);
  return v;
}

function progressLine(who: string, s: StepSummary): string {
  const w = s.weights;
  const weights = !w
    ? ''
    : w.outcome === 'failed'
      ? `, weights failed (${w.error})`
      : `, weights ${w.outcome} in block ${w.block}`;
  return `${who} step ${s.step} block ${s.block}: ${s.uids.length} miners queried, ${s.successes} answered, mean score ${s.meanScore.toFixed(3)}${weights}, next weights at block ${s.nextWeightsBlock}`;
}

/** The final metagraph as an aligned table: uid, role, quality, backend, hotkey, stake, incentive, dividends, emission, trust. */
export function formatTable(rows: readonly NeuronRow[]): string {
  const head = [
    'uid',
    'role',
    'quality',
    'backend',
    'hotkey',
    'stake α',
    'incentive',
    'dividends',
    'emission rao',
    'trust',
  ];
  const body = rows.map((r) => [
    String(r.uid),
    r.role,
    r.quality,
    r.backend,
    `${r.hotkey.slice(0, 6)}…${r.hotkey.slice(-4)}`,
    r.stakeTao.toFixed(1),
    r.incentive.toFixed(4),
    r.dividends.toFixed(4),
    String(r.emissionRao),
    (r.role === 'miner' ? r.trust : r.validatorTrust).toFixed(4),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** True when every miner of a better tier earned more than every miner of a worse one. */
export function incentiveFollowsQuality(rows: readonly NeuronRow[]): boolean {
  const miners = rows.filter((r) => r.role === 'miner');
  return miners.every((a) => miners.every((b) => a.tier >= b.tier || a.incentive > b.incentive));
}
