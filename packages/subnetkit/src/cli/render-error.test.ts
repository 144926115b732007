/** Errors from any layer become one sentence with the fix; --verbose keeps the stack and the causes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChainError } from '@subnetkit/chain';
import { LocalnetError } from '@subnetkit/localnet';
import { WeightRuleError } from '@subnetkit/metagraph';
import { SubnetkitError, SynapseError } from '@subnetkit/synapse';
import { WalletError, WrongPasswordError } from '@subnetkit/wallet';
import { CliError } from './errors.js';
import { describeError, describeErrorVerbose } from './render-error.js';

describe('describeError', () => {
  it('renders a SubnetkitError from its code, short message and hints, on one line', () => {
    const err = new SubnetkitError('SOMETHING_BROKE', 'the thing broke', {
      metaMessages: ['Try the other thing.'],
      details: 'deep reason',
    });
    assert.equal(describeError(err), '[SOMETHING_BROKE] the thing broke Try the other thing.');
    assert.equal(
      describeError(new SynapseError('SYNAPSE_INVALID_JSON', 'body.json: bad\nJSON')),
      '[SYNAPSE_INVALID_JSON] body.json: bad JSON',
    );
  });

  it('renders a plain error by its message, and a chain error with its hint', () => {
    assert.equal(describeError(new Error('plain\n  failure')), 'plain failure');
    const chain = new ChainError('InvalidPort', 'serve_axon failed: InvalidPort', {
      kind: 'dispatch',
      hint: 'Use a port between 1 and 65535.',
    });
    assert.equal(describeError(chain), '[InvalidPort] serve_axon failed: InvalidPort Use a port between 1 and 65535.');
    assert.equal(describeError('a string'), 'a string');
  });

  it('a missing key file names the path and the wallet command that creates it', () => {
    const hot = new WalletError('WALLET_KEYFILE_NOT_FOUND', 'keyfile /w/miner/hotkeys/default does not exist');
    assert.equal(
      describeError(hot),
      "No key file at /w/miner/hotkeys/default: create it with 'subnetkit wallet new-hotkey --wallet.path /w --wallet.name miner --wallet.hotkey default' (or 'subnetkit wallet create' for a new wallet), or point --wallet.name/--wallet.path/--wallet.hotkey at an existing wallet.",
    );
    const cold = new Error('loading failed', {
      cause: new WalletError('WALLET_KEYFILE_NOT_FOUND', 'keyfile /w/v/coldkey does not exist'),
    });
    assert.match(
      describeError(cold),
      /^No key file at \/w\/v\/coldkey: create it with 'subnetkit wallet create --wallet\.path \/w --wallet\.name v'/,
    );
  });

  it('a wrong password names the file', () => {
    const err = new WrongPasswordError('/w/v/coldkey: wrong password (or the encrypted file was modified)');
    assert.match(describeError(err), /^Wrong password for \/w\/v\/coldkey: run the command again/);
  });

  it('a weights rate limit says how many blocks to go', () => {
    const err = new WeightRuleError(
      'SettingWeightsTooFast',
      'last update at block 90, WeightsSetRateLimit is 100 blocks: wait 42 more blocks (until block 190)',
    );
    assert.match(describeError(err), /^Weights were set too recently: 42 blocks to go \(until block 190\)/);
    const fromChain = new ChainError('SettingWeightsTooFast', 'set_weights failed', { kind: 'dispatch' });
    assert.match(describeError(fromChain), /^Weights were set too recently \(the subnet's WeightsSetRateLimit/);
    const worded = Object.assign(
      new CliError('SettingWeightsTooFast', 'Weights were set too recently on subnet 2: 3 blocks to go.'),
      { blocksToGo: 3 },
    );
    assert.equal(describeError(worded), 'Weights were set too recently on subnet 2: 3 blocks to go.');
  });

  it('staking on a subnet that is not started names the command that starts it', () => {
    // A runtime that refuses it at dispatch names the error but not the subnet: the flag is left to fill in.
    const dispatch = new ChainError('SubtokenDisabled', 'subtensorModule.addStake failed: SubtokenDisabled', {
      kind: 'dispatch',
    });
    assert.match(
      describeError(dispatch),
      /^The subnet is not started yet, .*'subnetkit subnet start --netuid <netuid>'/,
    );
    const pool = new ChainError('SubtokenDisabled', 'subtensorModule.addStake failed: subnet 7 is not started yet', {
      kind: 'pool',
    });
    assert.match(
      describeError(pool),
      /^Subnet 7 is not started yet, .*'subnetkit subnet start --netuid 7'.*then stake again\.$/,
    );
  });

  it('a refused connection names the endpoint (from the error, else the one the command used)', () => {
    const err = new ChainError('ConnectTimeout', 'could not connect to ws://127.0.0.1:9 (is a node running there?)', {
      kind: 'connection',
    });
    assert.match(
      describeError(err),
      /^Could not connect to the chain at ws:\/\/127\.0\.0\.1:9: .*subnetkit localnet up/,
    );
    const bare = new ChainError('ConnectFailed', 'the socket closed', { kind: 'connection' });
    assert.match(describeError(bare, { endpoint: 'wss://example.test:443' }), /at wss:\/\/example\.test:443:/);
  });

  it('a chain spec that cannot be read says how to provide it; other spec errors keep their own fix', () => {
    const missing = new LocalnetError('LOCALNET_CHAIN_SPEC_NOT_FOUND', 'cannot read the chain spec at /x/spec.json', {
      cause: Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }),
    });
    assert.match(
      describeError(missing),
      /^\[LOCALNET_CHAIN_SPEC_NOT_FOUND\] No chain spec at \/x\/spec\.json \(ENOENT\): point --chain-spec or SUBNETKIT_CHAIN_SPEC/,
    );
    const download = new LocalnetError(
      'LOCALNET_CHAIN_SPEC_DOWNLOAD_FAILED',
      'Could not find the spec. Provide it in one of three ways.',
      {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      },
    );
    assert.equal(
      describeError(download),
      '[LOCALNET_CHAIN_SPEC_DOWNLOAD_FAILED] Could not find the spec. Provide it in one of three ways.',
    );
  });

  it('--verbose: the stack of every error in the cause chain', () => {
    const text = describeErrorVerbose(new Error('outer', { cause: new Error('inner') }));
    assert.match(text, /^Error: outer\n\s+at /);
    assert.match(text, /caused by: Error: inner\n\s+at /);
  });
});
