import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MetagraphError } from './errors.js';
import { Metagraph } from './metagraph.js';
import type { NeuronRecord } from './neuron.js';
import type { MetagraphSource, NeuronReadOptions, NeuronsAt } from './source.js';

// Neurons in the chain client's shape (NeuronInfoLite / NeuronInfo), as read on the spec-293 localnet.
const neuron = (uid: number, over: Partial<NeuronRecord> = {}): NeuronRecord => ({
  uid,
  netuid: 2,
  hotkey: `5Hot${uid}xxxxxxxxxxxxxxxxxxxx`,
  coldkey: `5Cold${uid}xxxxxxxxxxxxxxxxxxx`,
  active: true,
  axon: null,
  stake: 1_000_000_000n,
  stakeByColdkey: [{ coldkey: '5Cold', amount: 1_000_000_000n }],
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

const network = (): NeuronRecord[] => [
  neuron(0),
  neuron(1, {
    validatorPermit: true,
    dividends: 65535,
    validatorTrust: 65534,
    emission: 72160364485n,
    stake: 1_000_000_000_000_000_005n,
    weights: [
      [2, 10922],
      [3, 32767],
      [4, 65535],
    ],
    bonds: [
      [2, 65535],
      [4, 32767],
    ],
    axon: {
      block: 40,
      version: 7,
      ip: '127.0.0.2',
      port: 8091,
      ipType: 4,
      protocol: 4,
      placeholder1: 0,
      placeholder2: 0,
    },
  }),
  neuron(2, { incentive: 6553, rank: 6553, weights: [], bonds: [] }),
  neuron(3, { incentive: 19660, rank: 19660, weights: [], bonds: [] }),
  neuron(4, { incentive: 39321, rank: 39321, lastUpdate: 9, weights: [], bonds: [] }),
];

class FakeSource implements MetagraphSource {
  calls: NeuronReadOptions[] = [];
  inFlight = 0;
  maxInFlight = 0;
  fail = 0;
  delayMs = 0;
  async neurons(_netuid: number, options: NeuronReadOptions): Promise<NeuronsAt> {
    this.calls.push(options);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((r) => setTimeout(r, this.delayMs));
      if (this.fail > 0) {
        this.fail--;
        throw new Error('connection reset');
      }
      const neurons = network().map(({ weights, bonds, ...lite }) =>
        options.lite ? lite : { ...lite, weights, bonds },
      );
      return { block: options.block ?? 20 + this.calls.length, neurons };
    } finally {
      this.inFlight--;
    }
  }
}

describe('Metagraph', () => {
  it('fills typed columns from a lite sync', async () => {
    const mg = await new Metagraph(2, new FakeSource()).sync();
    assert.equal(mg.n, 5);
    assert.equal(mg.block, 21);
    assert.deepEqual([...mg.uids], [0, 1, 2, 3, 4]);
    assert.ok(mg.incentive instanceof Float64Array && mg.stake instanceof BigUint64Array);
    assert.deepEqual(
      [...mg.incentive].map((x) => Math.round(x * 65535)),
      [0, 0, 6553, 19660, 39321],
    );
    assert.equal(mg.dividends[1], 1);
    assert.equal(mg.stake[1], 1_000_000_000_000_000_005n); // 1e18 + 5 rao: exact beyond float64 precision
    assert.equal(mg.emission[1], 72160364485n);
    assert.deepEqual([...mg.validatorPermit], [0, 1, 0, 0, 0]);
    assert.deepEqual([...mg.lastUpdate], [3, 3, 3, 3, 9]);
    assert.equal(mg.uidOf('5Hot3xxxxxxxxxxxxxxxxxxxx'), 3);
    assert.equal(mg.uidOf('5Nobody'), undefined);
    assert.equal(mg.weights.length, 0);
  });

  it('shows a served axon with its address and unserved ones as not serving', async () => {
    const mg = await new Metagraph(2, new FakeSource()).sync();
    assert.deepEqual(
      { ip: mg.axons[1]?.ip, port: mg.axons[1]?.port, serving: mg.axons[1]?.isServing, version: mg.axons[1]?.version },
      { ip: '127.0.0.2', port: 8091, serving: true, version: 7 },
    );
    assert.equal(mg.axons[0]?.isServing, false);
    assert.equal(mg.axons[0]?.ip, '0.0.0.0');
  });

  it('reads weights (row-normalized, dense) and bonds in a full sync', async () => {
    const source = new FakeSource();
    const mg = await new Metagraph(2, source).sync({ lite: false, block: 30 });
    assert.deepEqual(source.calls[0], { lite: false, block: 30, signal: undefined, timeoutMs: undefined });
    assert.equal(mg.block, 30);
    const row = mg.weights[1] as Float64Array;
    assert.equal(row.length, 5);
    const total = 10922 + 32767 + 65535;
    assert.deepEqual([...row], [0, 0, 10922 / total, 32767 / total, 65535 / total]);
    assert.deepEqual([...(mg.weights[0] as Float64Array)], [0, 0, 0, 0, 0]);
    assert.deepEqual([...(mg.bonds[1] as Float64Array)], [0, 0, 1, 0, 32767 / 65535]);
    assert.deepEqual(mg.rawWeights(1), [
      [2, 10922],
      [3, 32767],
      [4, 65535],
    ]);
  });

  it('never runs two syncs at once', async () => {
    const source = new FakeSource();
    source.delayMs = 20;
    const mg = new Metagraph(2, source);
    await Promise.all([mg.sync(), mg.sync(), mg.sync({ lite: false })]);
    assert.equal(source.maxInFlight, 1);
    assert.equal(source.calls.length, 3);
    assert.equal(mg.lite, false);
  });

  it('wraps a failed read in METAGRAPH_SYNC_FAILED and keeps the previous state', async () => {
    const source = new FakeSource();
    const mg = await new Metagraph(2, source).sync();
    source.fail = 1;
    await assert.rejects(mg.sync(), (e: unknown) => {
      return (
        e instanceof MetagraphError &&
        e.code === 'METAGRAPH_SYNC_FAILED' &&
        /subnet 2.*connection reset/.test(e.message)
      );
    });
    assert.equal(mg.n, 5);
    assert.equal(mg.block, 21);
  });

  it('rejects uids that are not 0..n-1', async () => {
    const source: MetagraphSource = { neurons: async () => ({ block: 1, neurons: [neuron(0), neuron(2)] }) };
    await assert.rejects(new Metagraph(2, source).sync(), /not 0\.\.n-1 \(found 2 at position 1\)/);
  });

  it('serializes to JSON with exact rao strings and prints an aligned table', async () => {
    const mg = await new Metagraph(2, new FakeSource()).sync({ lite: false });
    const json = JSON.parse(JSON.stringify(mg));
    assert.equal(json.netuid, 2);
    assert.equal(json.neurons[1].stake, '1000000000000000005');
    assert.equal(json.neurons[1].axon.ip, '127.0.0.2');
    assert.deepEqual(json.neurons[1].weights[2], [4, 65535]);
    const lines = mg.toTable().split('\n');
    assert.match(lines[0] ?? '', /^subnet 2 {2}block 21 {2}n 5/);
    assert.match(lines[1] ?? '', /^UID\s+HOTKEY\s+COLDKEY\s+STAKE/);
    assert.equal(lines.length, 7);
    // Right-aligned numeric columns line up: every row has STAKE ending at the same column as the header.
    const end = (lines[1] ?? '').indexOf('STAKE') + 'STAKE'.length;
    for (const row of lines.slice(2)) assert.match(row.slice(0, end), /\d\.\d{4}$/);
    assert.match(lines[3] ?? '', /1000000000\.0000 .* 127\.0\.0\.2:8091$/);
  });

  it('rejects a bad netuid and a sync without a source', async () => {
    assert.throws(() => new Metagraph(-1), /netuid must be an integer/);
    await assert.rejects(new Metagraph(1).sync(), /no source/);
  });
});
