/**
 * `npm run demo`: a whole local subnet — the real subtensor runtime in process, three miners behind Axons, a validator
 * that queries them with a Dendrite, scores them and sets weights, and one epoch of Yuma consensus.
 */
import { runLocalSubnet } from './subnet.js';

let result: Awaited<ReturnType<typeof runLocalSubnet>>;
try {
  result = await runLocalSubnet({ log: (line) => console.log(line) });
} catch (err) {
  // A named failure (no chain spec, no network...) is for the user to act on: its message, not a stack trace.
  const e = err as Error & { code?: string };
  console.error(`\ndemo: ${e.code ? `[${e.code}] ` : ''}${e.message}`);
  if (process.env.SUBNETKIT_DEBUG) console.error(e.stack);
  process.exit(1);
}
console.log(`\nmetagraph of subnet ${result.netuid} after the epoch:\n${result.table}\n`);
for (const m of result.miners) {
  console.log(
    `miner uid ${m.uid} (${m.name.padEnd(6)}) score ${m.score.toFixed(3)} -> incentive ${m.incentive.toFixed(4)}, emission ${m.emissionRao} rao`,
  );
}
const ordered = [...result.miners].sort((a, b) => b.score - a.score).map((m) => m.uid);
const byIncentive = [...result.miners].sort((a, b) => b.incentive - a.incentive).map((m) => m.uid);
const follows = ordered.join() === byIncentive.join();
console.log(
  `validator uid ${result.validatorUid}: dividends ${result.validatorDividends.toFixed(4)}; incentive ${follows ? 'follows' : 'does NOT follow'} the validator's scores.`,
);
console.log(`done in ${result.seconds.toFixed(1)} s`);
process.exitCode = follows ? 0 : 1;
