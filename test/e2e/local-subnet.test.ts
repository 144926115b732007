// The smallest whole subnet (examples/local-subnet), end to end: real runtime, real sockets, weights in, incentive out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MINER_PROFILES, runLocalSubnet } from '../../examples/local-subnet/subnet.js';

test('a local subnet on Miner/Validator: miners are scored over HTTP, weights go on chain, Yuma turns them into incentive', async () => {
  const lines: string[] = [];
  const result = await runLocalSubnet({ log: (l) => lines.push(l) });
  assert.equal(result.miners.length, MINER_PROFILES.length);
  assert.equal(result.steps, 10, 'the validator ran five steps before each of the two epochs');
  const [fast, slow, sloppy] = result.miners;
  assert.ok(fast && slow && sloppy);
  // The validator saw what the miners did over the wire.
  assert.equal(fast.accuracy, 1);
  assert.equal(slow.accuracy, 1);
  assert.equal(sloppy.accuracy, 0.3);
  assert.ok(slow.meanLatencyS > 0.35, `slow miner latency ${slow.meanLatencyS}`);
  // Yuma consensus with one validator: incentive follows its weights, so the scores' order.
  assert.ok(fast.incentive > slow.incentive, `incentive fast ${fast.incentive} > slow ${slow.incentive}`);
  assert.ok(slow.incentive > sloppy.incentive, `incentive slow ${slow.incentive} > sloppy ${sloppy.incentive}`);
  assert.ok(sloppy.incentive > 0);
  for (const m of result.miners) assert.ok(m.emissionRao > 0n, `miner ${m.uid} has emission`);
  assert.ok(result.validatorDividends > 0, 'the validator earns dividends');
  assert.ok(result.validatorBonds > 0, 'the validator holds bonds');
  // The printed metagraph shows every miner's published axon.
  for (const m of result.miners) assert.ok(result.table.includes(m.axon), `table shows ${m.axon}`);
  assert.ok(
    lines.some((l) => /step 6 block \d+: 3 miners queried, 3 answered, .*weights set in block/.test(l)),
    lines.join('\n'),
  );
});
