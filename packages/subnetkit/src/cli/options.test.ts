/** The shared option helpers: exact TAO amounts, bounded integers, and how a setting is spelled. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from './errors.js';
import { intOption, required, settingOption, taoToRao } from './options.js';

describe('cli options', () => {
  it('converts TAO to rao exactly', () => {
    assert.equal(taoToRao('1000', '--amount'), 1_000_000_000_000n);
    assert.equal(taoToRao('0.000000001', '--amount'), 1n);
    assert.equal(taoToRao('12.5', '--amount'), 12_500_000_000n);
    assert.throws(() => taoToRao('1.0000000001', '--amount'), /up to 9 decimals/);
    assert.throws(() => taoToRao('-1', '--amount'), UsageError);
  });

  it('bounded integers are usage errors naming the flag', () => {
    assert.equal(intOption('8500', '--port', { max: 65535 }), 8500);
    assert.equal(intOption(undefined, '--port'), undefined);
    assert.throws(
      () => intOption('99999', '--port', { max: 65535 }),
      /--port must be an integer in 0\.\.65535, got '99999'/,
    );
    assert.throws(() => intOption('2x', '--block'), UsageError);
  });

  it('a setting is spelled the btcli way, with its environment variable in the help', () => {
    const wallet = settingOption('walletName');
    assert.equal(wallet.flags, '--wallet.name <name>');
    assert.match(wallet.description, /\(env SUBNETKIT_WALLET_NAME, BT_WALLET_NAME\)$/);
    assert.deepEqual(settingOption('endpoint').flags, '--chain <url>');
    assert.ok(settingOption('endpoint').aliases?.includes('endpoint'));
    assert.equal(settingOption('logLevel').flags, '--logging.level <level>');
    assert.equal(settingOption('requireValidatorPermit').flags, '--require-validator-permit');
    assert.throws(() => required(undefined, settingOption('netuid')), /--netuid is required \(or set SUBNETKIT_NETUID/);
  });
});
