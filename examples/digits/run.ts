/**
 * `npm run demo`: the digits subnet end to end — chain, subnet, validators and miners registered and staked, miners
 * serving trained models (tfjs and ONNX) behind Axons, validators scoring them on held-out digits, weights on chain,
 * Yuma consensus — then the metagraph.
 *
 *   node --conditions=subnetkit-source --import tsx examples/digits/run.ts [--epochs N] [--miners N] [--validators N] [--device cpu|gpu|auto] [--json] [--verbose]
 *     [--dashboard [--dashboard-port N] [--dashboard-keep]]
 *
 * With --json the last stdout line is one JSON object (epochs run, per-uid role, quality, backend, incentive, emission,
 * each validator's final scores). Exit code 0 when better miners ended with more incentive, 1 when not, 2 on bad flags.
 */
import { parseArgs } from 'node:util';
import type { DemoDashboardOptions } from './dashboard.js';
import type { DigitsSubnetResult, NeuronRow } from './subnet.js';

const USAGE =
  'usage: run.ts [--epochs N (default 2)] [--miners N (1-5, default 5)] [--validators N (1-2, default 2)] [--device cpu|gpu|auto] [--json] [--verbose]\n' +
  '              [--dashboard (the live subnet page while it runs, 5 s after)] [--dashboard-port N (default: a free one)]\n' +
  '              [--dashboard-keep (keep the page until Ctrl-C)]';

let flags: {
  epochs: number;
  miners: number;
  validators: number;
  device: 'cpu' | 'gpu' | 'auto';
  json: boolean;
  verbose: boolean;
  dashboard?: DemoDashboardOptions;
};
try {
  const { values } = parseArgs({
    options: {
      epochs: { type: 'string', default: '2' },
      miners: { type: 'string', default: '5' },
      validators: { type: 'string', default: '2' },
      device: { type: 'string', default: 'auto' },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      dashboard: { type: 'boolean', default: false },
      'dashboard-port': { type: 'string' },
      'dashboard-keep': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, text: string, min: number, max: number) => {
    const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!(n >= min && n <= max))
      throw new Error(`--${name} must be a whole number from ${min} to ${max}, got '${text}'`);
    return n;
  };

  if (!['cpu', 'gpu', 'auto'].includes(values.device))
    throw new Error(`--device must be cpu, gpu or auto, got '${values.device}'`);
  flags = {
    epochs: int('epochs', values.epochs, 1, 100),
    miners: int('miners', values.miners, 1, 5),
    validators: int('validators', values.validators, 1, 2),
    device: values.device as 'cpu' | 'gpu' | 'auto',
    json: values.json,
    verbose: values.verbose,
  };
  const dashboardFlags = values['dashboard-port'] !== undefined || values['dashboard-keep'];
  if (dashboardFlags && !values.dashboard) throw new Error('--dashboard-port and --dashboard-keep need --dashboard');
  if (values.dashboard) {
    flags.dashboard = {
      ...(values['dashboard-port'] !== undefined
        ? { port: int('dashboard-port', values['dashboard-port'], 0, 65535) }
        : {}),
      ...(values['dashboard-keep'] ? { keep: 'until-signal' as const } : {}),
    };
  }
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}

// Any failure, from any layer and at any time (a missing chain spec, no usable GPU for --device gpu, a chain error, a
// background task that rejects), ends the demo with one sentence saying what to do; --verbose adds the stack traces.
const { describeError, describeErrorVerbose } = await import('subnetkit');
const fail: (err: unknown) => never = (err) => {
  console.error(`digits subnet failed: ${describeError(err)}`);
  if (flags.verbose) console.error(describeErrorVerbose(err));
  process.exit(1);
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

// Imported after the flags are checked, so a bad flag is answered at once rather than after loading the chain runtime.
const { formatTable, incentiveFollowsQuality, runDigitsSubnet } = await import('./subnet.js');
let follows = false;
let finalResult: DigitsSubnetResult | undefined;
try {
  // The report is printed before the chain stops, so a held dashboard shows the same final state as the table.
  await runDigitsSubnet({ ...flags, log: (line) => console.log(line), onResult: report });
} catch (err) {
  fail(err);
}
// Last, after any dashboard hold lines: with --json the last stdout line is the report.
if (flags.json && finalResult) console.log(JSON.stringify(summary(finalResult)));
process.exitCode = follows ? 0 : 1;

function report(result: DigitsSubnetResult): void {
  console.log(
    `\nmetagraph of subnet ${result.netuid} after ${result.epochs} epochs (${result.steps} validator steps):\n`,
  );
  console.log(formatTable(result.rows));
  follows = incentiveFollowsQuality(result.rows);
  console.log(
    `\nminers by incentive: ${minersByIncentive(result.rows)
      .map(
        (r) => `${r.name} (acc ${((r.accuracy ?? 0) * 100).toFixed(0)}%, ${((r.latencyS ?? 0) * 1000).toFixed(0)} ms)`,
      )
      .join(' > ')}`,
  );
  console.log(
    `${follows ? 'better miners earned more' : 'incentive did NOT follow miner quality'}; done in ${result.seconds.toFixed(1)} s`,
  );
  finalResult = result;
}

function minersByIncentive(rows: readonly NeuronRow[]): NeuronRow[] {
  return rows.filter((r) => r.role === 'miner').sort((a, b) => b.incentive - a.incentive);
}

function summary(r: DigitsSubnetResult) {
  return {
    epochs: r.epochs,
    steps: r.steps,
    seconds: Number(r.seconds.toFixed(1)),
    incentiveFollowsQuality: incentiveFollowsQuality(r.rows),
    neurons: r.rows.map((n) => ({
      uid: n.uid,
      role: n.role,
      quality: n.quality,
      backend: n.backend,
      hotkey: n.hotkey,
      incentive: n.incentive,
      dividends: n.dividends,
      emission: String(n.emissionRao),
      ...(n.accuracy !== undefined ? { accuracy: n.accuracy, latencyS: n.latencyS } : {}),
    })),
    validators: r.validatorScores,
    models: r.models,
  };
}
