import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTable, incentiveFollowsQuality, type NeuronRow } from './subnet.js';

function neuron(uid: number, role: NeuronRow['role'], tier: number, incentive: number): NeuronRow {
  return {
    uid,
    role,
    quality: role === 'miner' ? `tier ${tier}` : 'validator 1',
    name: `n${uid}`,
    tier,
    backend: role === 'miner' ? 'tfjs (tfjs-wasm)' : 'dendrite',
    hotkey: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
    stakeTao: role === 'validator' ? 1000 : 1,
    incentive,
    dividends: role === 'validator' ? 1 : 0,
    emissionRao: 123_456_789n,
    trust: 0.5,
    validatorTrust: 0.9,
  };
}

test('incentive follows quality when every better tier out-earns every worse one (ties within a tier are free)', () => {
  const v = neuron(1, 'validator', 0, 0);
  assert.equal(
    incentiveFollowsQuality([v, neuron(2, 'miner', 1, 0.3), neuron(3, 'miner', 1, 0.35), neuron(4, 'miner', 2, 0.2)]),
    true,
  );
  assert.equal(incentiveFollowsQuality([v, neuron(2, 'miner', 1, 0.3), neuron(3, 'miner', 2, 0.31)]), false);
  assert.equal(
    incentiveFollowsQuality([v, neuron(2, 'miner', 1, 0.3), neuron(3, 'miner', 3, 0.3)]),
    false,
    'a tie across tiers',
  );
});

test('the table has the columns the demo promises and one row per neuron', () => {
  const table = formatTable([neuron(1, 'validator', 0, 0), neuron(2, 'miner', 1, 0.25)]);
  const [head, rule, v, m] = table.split('\n');
  for (const col of [
    'uid',
    'role',
    'quality',
    'backend',
    'hotkey',
    'stake',
    'incentive',
    'dividends',
    'emission',
    'trust',
  ])
    assert.ok(head?.includes(col), `${col} in ${head}`);
  assert.match(rule ?? '', /^-+( +-+)+$/);
  assert.match(v ?? '', /^1 +validator .*5FHneW…94ty +1000\.0 +0\.0000 +1\.0000 +123456789 +0\.9000$/);
  assert.match(m ?? '', /^2 +miner +tier 1 +tfjs \(tfjs-wasm\) .*0\.2500 +0\.0000 +123456789 +0\.5000$/);
});
