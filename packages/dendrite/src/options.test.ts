/** Options: one validated object of defaults, a clear error naming a bad option, the deprecated seconds alias. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Keypair } from '@subnetkit/wallet';
import { Dendrite } from './dendrite.js';
import { dendriteDefaults, resolveDendriteOptions } from './options.js';

test('defaults come from dendriteDefaults; timeoutMs sets the call timeout, in seconds on the wire', async () => {
  const signer = await Keypair.fromUri('//Alice');
  const resolved = resolveDendriteOptions({ signer });
  assert.equal(resolved.timeoutS, dendriteDefaults.timeoutMs / 1000);
  assert.equal(resolved.connectionsPerAxon, dendriteDefaults.connectionsPerAxon);
  assert.equal(resolveDendriteOptions({ signer, timeoutMs: 1500 }).timeoutS, 1.5);
  assert.equal(resolveDendriteOptions({ signer, timeout: 2 }).timeoutS, 2, 'the deprecated seconds alias');
  assert.ok(Object.isFrozen(dendriteDefaults));
});

test('a bad option throws INVALID_OPTION naming it', async () => {
  const signer = await Keypair.fromUri('//Alice');
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ timeoutMs: 0 }, /timeoutMs/],
    [{ timeoutMs: 1000, timeout: 1 }, /timeoutMs or the deprecated timeout/],
    [{ connectionsPerAxon: 1.5 }, /connectionsPerAxon/],
    [{ maxResponseBytes: -1 }, /maxResponseBytes/],
    [{ scheme: 'http' }, /scheme/],
    [{ bodyFormat: 'xml' }, /bodyFormat/],
    [{ signingThreads: -1 }, /signingThreads/],
    [{ version: 100 }, /version/],
    [{ externalIp: '' }, /externalIp/],
  ];
  for (const [extra, message] of bad)
    assert.throws(
      () => new Dendrite({ signer, ...extra }),
      { code: 'DENDRITE_INVALID_OPTION', message },
      JSON.stringify(extra),
    );
  assert.throws(() => new Dendrite({}), { code: 'DENDRITE_INVALID_OPTION', message: /signer .* or a wallet/ });
});
