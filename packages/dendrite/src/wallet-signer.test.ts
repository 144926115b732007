/** A Dendrite built from a bittensor wallet on disk signs with that wallet's hotkey, loaded once on first use. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { verifyRequestSignature } from '@subnetkit/synapse';
import { Wallet } from '@subnetkit/wallet';
import { Dendrite } from './dendrite.js';
import { Dummy, keys, listen, pythonLikeAxon } from './testing/fake-axon.js';

test('wallet option: the hotkey file is read once, lazily, and its key signs every request', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dendrite-wallet-'));
  const bob = await keys.bob();
  const signedBy: string[] = [];
  const server = await listen(
    pythonLikeAxon({
      hotkey: bob.address,
      onRequest: (h) => {
        assert.equal(verifyRequestSignature(h, bob.address).ok, true);
        signedBy.push(h.dendrite.hotkey!);
      },
    }),
  );
  try {
    const wallet = new Wallet({ name: 'validator', hotkey: 'hk', path: dir });
    const written = await wallet.regenerateHotkey({ uri: '//Charlie' });
    let loads = 0;
    const counting = {
      getHotkey: () => {
        loads++;
        return wallet.getHotkey();
      },
    };
    const dendrite = new Dendrite({ wallet: counting });
    assert.equal(dendrite.hotkey, undefined, 'nothing is read at construction');
    const axon = { ip: '127.0.0.1', port: server.port, hotkey: bob.address };
    const out = await dendrite.forward([axon, axon, axon], Dummy, { input: 2 });
    assert.deepEqual(out, [4, 4, 4]);
    assert.equal(await dendrite.call(axon, Dummy, { input: 3 }), 6);
    assert.equal(loads, 1);
    assert.equal(dendrite.hotkey, written.address);
    assert.deepEqual(signedBy, Array(4).fill(written.address));
    await dendrite.close();
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
