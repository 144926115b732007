import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiPromise } from '@polkadot/api';
import { type Localnet, startLocalnet } from './localnet.js';

// One chain for this file; tests rewind to a snapshot instead of starting another.
let net: Localnet;
let api: ApiPromise;
const steps: string[] = [];
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const NOBODY = '5GNJqTPyNqANBkUVMN1LPPrxXnFouWXoe2wNSmmEoLctxiZY';

before(async () => {
  net = await startLocalnet({ onProgress: (e) => steps.push(e.step) });
  api = await net.api();
});
after(() => net?.close());

describe('startLocalnet', () => {
  it('runs subtensor runtime 293 found through the repository search path, reporting each step', async () => {
    assert.deepEqual(steps, ['spec', 'genesis', 'runtime']);
    const version = api.runtimeVersion;
    assert.equal(version.specName.toString(), 'node-subtensor');
    assert.equal(version.specVersion.toNumber(), 293);
    assert.equal(net.slotDurationMs, 1000); // read with the workaround, not chopsticks' 12 s fallback
    assert.ok(api.tx.subtensorModule?.burnedRegister, 'subtensor calls are in the metadata');
  });

  it('builds blocks whose timestamps advance by one slot', async () => {
    const start = net.head();
    const t0 = (await api.query.timestamp.now()).toBigInt();
    const head = await net.newBlocks(2);
    assert.equal(head.number, start.number + 2);
    const header = await api.rpc.chain.getHeader();
    assert.equal(header.number.toNumber(), head.number);
    assert.equal((await api.query.timestamp.now()).toBigInt(), t0 + 2000n);
  });

  it('restores a snapshot: later blocks and a balance set after it are undone', async () => {
    const snap = net.snapshot();
    const before = (await api.query.system.account(BOB)).data.free.toBigInt();
    await net.fund(BOB, 5n);
    await net.newBlocks(1);
    assert.equal((await api.query.system.account(BOB)).data.free.toBigInt(), 5n);
    await net.restore(snap);
    assert.equal(net.head().hash, snap.hash);
    assert.equal((await api.rpc.chain.getHeader()).hash.toHex(), snap.hash);
    assert.equal((await api.query.system.account(BOB)).data.free.toBigInt(), before);
  });

  it('funds a new account so it can pay for a transfer, and keeps the nonce when funding again', async () => {
    const { Keyring } = await import('@polkadot/keyring');
    const kp = new Keyring({ type: 'sr25519' }).addFromUri('//LocalnetFundTest');
    await net.fund(kp.address, 10n ** 12n);
    assert.equal((await api.query.system.account(kp.address)).data.free.toBigInt(), 10n ** 12n);
    await new Promise<void>((resolve, reject) => {
      api.tx.balances
        .transferKeepAlive(NOBODY, 10n ** 9n)
        .signAndSend(kp, ({ status, dispatchError }) => {
          if (dispatchError) reject(new Error(dispatchError.toString()));
          else if (status.isInBlock) resolve();
        })
        .catch(reject);
    });
    assert.equal((await api.query.system.account(NOBODY)).data.free.toBigInt(), 10n ** 9n);
    await net.fund(kp.address, 7n);
    const acct = await api.query.system.account(kp.address);
    assert.equal(acct.nonce.toNumber(), 1);
    assert.equal(acct.data.free.toBigInt(), 7n);
  });

  it('rejects bad arguments with coded errors', async () => {
    await assert.rejects(net.newBlocks(-1), { code: 'INVALID_ARGUMENT' });
    await assert.rejects(net.fund('not-an-address', 1n), { code: 'INVALID_ARGUMENT' });
    await assert.rejects(net.restore({ number: 1, hash: `0x${'11'.repeat(32)}` }), { code: 'SNAPSHOT_UNAVAILABLE' });
  });

  it('refuses use after close', async () => {
    const other = await startLocalnet();
    await other.close();
    await assert.rejects(other.newBlocks(1), { code: 'LOCALNET_CLOSED' });
    // The first chain keeps working: the shared WASM worker is released only with the last chain.
    const h = await net.newBlocks(1);
    assert.ok(h.number > 1);
  });
});
