import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiPromise } from '@polkadot/api';
import { ChainClient, findStorage, findTx, getBalance, getBlockNumber, plain } from '@subnetkit/chain';
import { Keypair } from '@subnetkit/wallet';
import { type Localnet, startLocalnet } from './localnet.js';
import type { LocalnetServer } from './server.js';

// One chain for this file; tests rewind to a snapshot instead of starting another.
let net: Localnet;
let api: ApiPromise;
let client: ChainClient;
const free = async (address: string) => (await getBalance(client, address)).free;
const now = async () => plain(await findStorage(api, 'timestamp', 'now')?.()) as bigint;
const steps: string[] = [];
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const NOBODY = '5GNJqTPyNqANBkUVMN1LPPrxXnFouWXoe2wNSmmEoLctxiZY';

before(async () => {
  net = await startLocalnet({ onProgress: (e) => steps.push(e.step) });
  client = await net.client();
  api = client.api;
});
after(() => net?.close());

describe('startLocalnet', () => {
  it('runs subtensor runtime 293 found through the repository search path, reporting each step', async () => {
    assert.deepEqual(steps, ['spec', 'genesis', 'runtime']);
    const version = api.runtimeVersion;
    assert.equal(version.specName.toString(), 'node-subtensor');
    assert.equal(version.specVersion.toNumber(), 293);
    assert.equal(net.slotDurationMs, 1000); // read with the workaround, not chopsticks' 12 s fallback
    assert.ok(findTx(api, 'subtensorModule', 'burnedRegister'), 'subtensor calls are in the metadata');
  });

  it('builds blocks whose timestamps advance by one slot', async () => {
    const start = net.head();
    const t0 = await now();
    const head = await net.newBlocks(2);
    assert.equal(head.number, start.number + 2);
    const header = await api.rpc.chain.getHeader();
    assert.equal(header.number.toNumber(), head.number);
    assert.equal(await now(), t0 + 2000n);
  });

  it('restores a snapshot: later blocks and a balance set after it are undone', async () => {
    const snap = net.snapshot();
    const before = await free(BOB);
    await net.fund(BOB, 5n);
    await net.newBlocks(1);
    assert.equal(await free(BOB), 5n);
    await net.restore(snap);
    assert.equal(net.head().hash, snap.hash);
    assert.equal((await api.rpc.chain.getHeader()).hash.toHex(), snap.hash);
    assert.equal(await free(BOB), before);
  });

  it('funds a new account so it can pay for a transfer, and keeps the nonce when funding again', async () => {
    const kp = await Keypair.fromUri('//LocalnetFundTest');
    await net.fund(kp.address, 10n ** 12n);
    assert.equal(await free(kp.address), 10n ** 12n);
    const transfer = findTx(api, 'balances', 'transferKeepAlive');
    assert.ok(transfer);
    await client.submit(transfer(NOBODY, 10n ** 9n), kp);
    assert.equal(await free(NOBODY), 10n ** 9n);
    await net.fund(kp.address, 7n);
    const acct = await getBalance(client, kp.address);
    assert.equal(acct.nonce, 1);
    assert.equal(acct.free, 7n);
  });

  it('builds idle blocks at the configured interval, and stops when set to 0', async () => {
    const start = net.head().number;
    net.setIdleBlockTime(200);
    const deadline = Date.now() + 60_000;
    while (net.head().number < start + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    net.setIdleBlockTime(0);
    assert.ok(net.head().number >= start + 2, 'two idle blocks were built');
    await new Promise((r) => setTimeout(r, 3000)); // let a build already under way finish
    const stopped = net.head().number;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(net.head().number, stopped, 'no blocks after it was turned off');
    assert.throws(() => net.setIdleBlockTime(-1), { code: 'LOCALNET_INVALID_ARGUMENT' });
  });

  it('rejects bad arguments with coded errors', async () => {
    await assert.rejects(net.newBlocks(-1), { code: 'LOCALNET_INVALID_ARGUMENT' });
    await assert.rejects(net.fund('not-an-address', 1n), { code: 'LOCALNET_INVALID_ARGUMENT' });
    await assert.rejects(net.restore({ number: 1, hash: `0x${'11'.repeat(32)}` }), {
      code: 'LOCALNET_SNAPSHOT_UNAVAILABLE',
    });
  });

  it('`await using` closes a localnet, its ws server and its shared client at the end of the scope', async () => {
    let escaped: Localnet | undefined;
    let client: ChainClient | undefined;
    let server: LocalnetServer | undefined;
    {
      await using other = await startLocalnet();
      await using ws = await other.serve({ port: 0 });
      escaped = other;
      server = ws;
      client = await other.client();
    }
    assert.equal(escaped.closed, true);
    assert.equal(client.closed, true);
    await server.closed; // resolves once the server has stopped
    await assert.rejects(escaped.newBlocks(1), { code: 'LOCALNET_CLOSED' });
  });

  it('`await using` closes a ChainClient of its own (the localnet stays up)', async () => {
    let escaped: ChainClient | undefined;
    {
      await using own = await ChainClient.connect(net.newProvider());
      escaped = own;
      assert.ok((await getBlockNumber(own)) >= 0);
    }
    assert.equal(escaped.closed, true);
    await assert.rejects(escaped.waitConnected(), { code: 'ClientClosed' });
    assert.ok((await net.newBlocks(1)).number > 0);
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
