import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig, MINER_FIELDS, VALIDATOR_FIELDS } from './config.js';

test('precedence: flags > environment > config file > defaults, each value says where it came from', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'neuron-config-'));
  try {
    const file = join(dir, 'validator.json');
    await writeFile(file, JSON.stringify({ netuid: 3, sampleSize: 8, timeout: 6, wallet: { name: 'from-file' } }));
    const { values, sources } = loadConfig(VALIDATOR_FIELDS, {
      argv: ['--config', file, '--sample-size=16', '--wallet.hotkey', 'h1'],
      env: { SUBNETKIT_TIMEOUT: '4.5', SUBNETKIT_SAMPLE_SIZE: '32', BT_WALLET_NAME: 'from-env' },
      defaults: { alpha: 0.1, timeout: 12, netuid: 1 },
    });
    assert.deepEqual(
      { ...values },
      { netuid: 3, sampleSize: 16, timeout: 4.5, walletName: 'from-env', walletHotkey: 'h1', alpha: 0.1 },
    );
    assert.deepEqual(
      { ...sources },
      { netuid: 'file', sampleSize: 'flag', timeout: 'env', walletName: 'env', walletHotkey: 'flag', alpha: 'default' },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('bad values and unknown names are errors that name the flag, variable or file key', async () => {
  assert.throws(
    () => loadConfig(MINER_FIELDS, { argv: ['--axon-port', 'x'], env: {} }),
    /--axon-port must be a number/,
  );
  assert.throws(() => loadConfig(MINER_FIELDS, { argv: ['--netuid', '1.5'], env: {} }), /--netuid must be an integer/);
  assert.throws(() => loadConfig(MINER_FIELDS, { argv: ['--nope', '1'], env: {} }), /unknown flag --nope/);
  assert.throws(
    () => loadConfig(MINER_FIELDS, { argv: [], env: { SUBNETKIT_MIN_STAKE: 'lots' } }),
    /SUBNETKIT_MIN_STAKE must be a number/,
  );
  const { values } = loadConfig(MINER_FIELDS, { argv: ['--require-validator-permit', '--axon-port', '0'], env: {} });
  assert.equal(values.requireValidatorPermit, true);
  assert.equal(values.axonPort, 0);
  const dir = await mkdtemp(join(tmpdir(), 'neuron-config-'));
  try {
    const file = join(dir, 'm.json');
    await writeFile(file, '{"axonPort": 1, "colour": "red"}');
    assert.throws(
      () => loadConfig(MINER_FIELDS, { argv: [], env: { SUBNETKIT_CONFIG: file } }),
      /unknown setting 'colour'/,
    );
    await writeFile(file, '{"axonPort": ');
    assert.throws(() => loadConfig(MINER_FIELDS, { argv: ['--config', file], env: {} }), /is not valid JSON/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('mecid: a flag, SUBNETKIT_MECID or the file key, an integer 0-255; anything else is refused by name', async () => {
  assert.equal(loadConfig(VALIDATOR_FIELDS, { argv: ['--mecid', '2'], env: { SUBNETKIT_MECID: '3' } }).values.mecid, 2);
  assert.equal(loadConfig(VALIDATOR_FIELDS, { argv: [], env: { SUBNETKIT_MECID: '255' } }).values.mecid, 255);
  assert.equal(loadConfig(VALIDATOR_FIELDS, { argv: [], env: {} }).values.mecid, undefined);
  for (const bad of ['-1', '256', '1.5', 'x']) {
    assert.throws(
      () => loadConfig(VALIDATOR_FIELDS, { argv: [`--mecid=${bad}`], env: {} }),
      (e: Error & { code?: string }) => e.code === 'NEURON_CONFIG' && e.message.startsWith('--mecid must be'),
    );
  }
  assert.throws(
    () => loadConfig(VALIDATOR_FIELDS, { argv: [], env: { SUBNETKIT_MECID: '300' } }),
    /SUBNETKIT_MECID must be 0-255, got '300'/,
  );
  const dir = await mkdtemp(join(tmpdir(), 'neuron-config-'));
  try {
    const file = join(dir, 'v.json');
    await writeFile(file, '{"mecid": 1}');
    const loaded = loadConfig(VALIDATOR_FIELDS, { argv: ['--config', file], env: {} });
    assert.deepEqual([loaded.values.mecid, loaded.sources.mecid], [1, 'file']);
    await writeFile(file, '{"mecid": -1}');
    assert.throws(
      () => loadConfig(VALIDATOR_FIELDS, { argv: ['--config', file], env: {} }),
      /mecid in .* must be 0-255/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
