import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChainUsageError, intFlag, parseFlags, taoToRao } from './flags.js';

describe('chain CLI flags', () => {
  it('accepts btcli spellings of wallet flags and --name=value', () => {
    const f = parseFlags(
      ['--wallet.name', 'v', '--wallet_hotkey=h1', '--netuid', '2', '--json'],
      ['wallet-name', 'wallet-hotkey', 'netuid'],
      ['json'],
    );
    assert.equal(f.values.get('wallet-name'), 'v');
    assert.equal(f.values.get('wallet-hotkey'), 'h1');
    assert.equal(intFlag(f, 'netuid'), 2);
    assert.ok(f.bools.has('json'));
  });

  it('names unknown flags, missing values and bad numbers', () => {
    assert.throws(() => parseFlags(['--nope', '1'], ['netuid'], []), /unknown flag --nope/);
    assert.throws(() => parseFlags(['--netuid'], ['netuid'], []), /--netuid needs a value/);
    assert.throws(
      () => intFlag(parseFlags(['--netuid', '2x'], ['netuid'], []), 'netuid', { max: 65535 }),
      ChainUsageError,
    );
    assert.throws(() => intFlag(parseFlags([], ['netuid'], []), 'netuid', { required: true }), /--netuid is required/);
  });

  it('converts TAO to rao exactly', () => {
    assert.equal(taoToRao('1000', '--amount'), 1_000_000_000_000n);
    assert.equal(taoToRao('0.000000001', '--amount'), 1n);
    assert.equal(taoToRao('12.5', '--amount'), 12_500_000_000n);
    assert.throws(() => taoToRao('1.0000000001', '--amount'), /up to 9 decimals/);
    assert.throws(() => taoToRao('-1', '--amount'), /TAO amount/);
  });
});
