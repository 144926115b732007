import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Metagraph, type NeuronRecord } from '@subnetkit/metagraph';
import { endpointLabel, historyPoint, metagraphView } from './view.js';

const neuron = (uid: number, over: Partial<NeuronRecord> = {}): NeuronRecord => ({
  uid,
  netuid: 2,
  hotkey: `5Hot${uid}xxxxxxxxxxxxxxxxxxxx`,
  coldkey: `5Cold${uid}xxxxxxxxxxxxxxxxxxx`,
  active: true,
  axon: null,
  stake: 2_500_000_000n,
  stakeByColdkey: [],
  rank: 0,
  emission: 0n,
  incentive: 0,
  consensus: 0,
  trust: 0,
  validatorTrust: 0,
  dividends: 0,
  lastUpdate: 3,
  validatorPermit: false,
  pruningScore: 0,
  ...over,
});

describe('metagraphView', () => {
  const neurons = [
    neuron(0, {
      validatorPermit: true,
      dividends: 65535,
      stake: 9_007_199_254_740_993_123n, // beyond a float64's exact range
      weights: [
        [1, 30000],
        [2, 10000],
      ],
    }),
    neuron(1, {
      incentive: 49151,
      emission: 1_500_000_000n,
      axon: {
        block: 9,
        version: 1,
        ip: '127.0.0.2',
        port: 8091,
        ipType: 4,
        protocol: 4,
        placeholder1: 0,
        placeholder2: 0,
      },
      weights: [],
    }),
    neuron(2, { incentive: 16384, weights: [] }),
  ];
  const mg = Metagraph.fromNeurons(2, { block: 40, neurons }, false);
  const view = metagraphView(mg);

  it('amounts in TAO for display, exact rao beside them; u16 scores as fractions', () => {
    assert.equal(view.block, 40);
    assert.equal(view.neurons[1]?.emission, 1.5);
    assert.equal(view.neurons[1]?.emissionRao, '1500000000');
    assert.equal(view.neurons[0]?.stakeRao, '9007199254740993123');
    assert.ok(Math.abs((view.neurons[0]?.stake ?? 0) - 9_007_199_254.740993) < 1e-3);
    assert.equal(view.neurons[1]?.incentive, 0.749996); // 49151 / 65535, rounded to 6 places
    assert.equal(view.neurons[0]?.dividends, 1);
    assert.equal(view.neurons[0]?.validatorPermit, true);
  });
  it('an axon only for a neuron that serves one', () => {
    assert.deepEqual(view.neurons[1]?.axon, { ip: '127.0.0.2', port: 8091 });
    assert.equal(view.neurons[0]?.axon, null);
  });
  it('weights sparse and normalized per validator row', () => {
    assert.deepEqual(view.weights, [
      [0, 1, 0.75],
      [0, 2, 0.25],
    ]);
  });
  it('a history point holds each charted column by uid', () => {
    const p = historyPoint(view);
    assert.equal(p.block, 40);
    assert.deepEqual(p.incentive, [0, 0.749996, 0.250004]);
    assert.deepEqual(p.emission, [0, 1.5, 0]);
    assert.equal(p.stake.length, 3);
  });
});

describe('endpointLabel', () => {
  it('keeps scheme, host and path; drops credentials and query strings', () => {
    assert.equal(endpointLabel('ws://127.0.0.1:9944'), 'ws://127.0.0.1:9944');
    assert.equal(endpointLabel('wss://alice:s3cret@node.example:443/rpc?apikey=XYZ#x'), 'wss://node.example/rpc');
    assert.equal(endpointLabel('finney'), 'finney');
    assert.equal(endpointLabel('not a url: key=1'), 'custom endpoint');
  });
});
