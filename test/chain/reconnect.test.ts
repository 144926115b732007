/**
 * The chain client over WebSocket while the server goes away: it reconnects with backoff, reads wait and resume, head
 * subscriptions continue, and a pending submission completes or fails with a clear error; it never hangs. The server
 * is the localnet's ws server over the real subtensor runtime; "killing" it closes every socket.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { ChainClient, ChainError, type ConnectionState, getBalance, getBlockNumber, transfer } from '@subnetkit/chain';
import { type Localnet, type LocalnetServer, startLocalnet } from '@subnetkit/localnet';
import { keys, TAO } from './helpers.js';

let net: Localnet;
let server: LocalnetServer;
let port: number;
let client: ChainClient | undefined;
let k: Awaited<ReturnType<typeof keys>>;
const states: ConnectionState[] = [];

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function connect(): Promise<ChainClient> {
  const c = await ChainClient.connect(server.url, { reconnect: { initialDelayMs: 50, maxDelayMs: 400 } });
  c.onConnection((s) => states.push(s));
  client = c; // closed by afterEach
  return c;
}

async function bounce(between?: () => Promise<void>): Promise<void> {
  const seen = states.length;
  await server.close();
  await until('the client to notice', () => states.slice(seen).includes('disconnected'));
  await between?.();
  server = await net.serve({ port });
  await until('the client to reconnect', () => states.slice(seen).includes('connected'));
}

before(async () => {
  net = await startLocalnet();
  server = await net.serve({ port: 0 });
  port = server.port;
  k = await keys();
});

afterEach(async () => {
  net.chain.txPool.mode = 'Instant' as typeof net.chain.txPool.mode;
  await client?.close();
  client = undefined;
  states.length = 0;
});

after(async () => {
  await net?.close();
});

test('reconnects after the server goes away; a read issued meanwhile waits and answers; heads keep coming', async () => {
  const c = await connect();
  const heads: number[] = [];
  c.subscribeNewHeads((h) => heads.push(h.number));
  await net.newBlocks(1);
  await until('a head', () => heads.includes(net.head().number));

  let pendingRead: Promise<number> | undefined;
  await bounce(async () => {
    pendingRead = getBlockNumber(c, { timeoutMs: 30_000 }); // issued while disconnected
    await new Promise((r) => setTimeout(r, 300)); // a few refused reconnect attempts
  });
  assert.equal(await pendingRead, net.head().number);
  const { number } = await net.newBlocks(1);
  await until('a head after the reconnect', () => heads.includes(number));
  assert.equal(c.isConnected, true);
});

test('a submission whose block was built while disconnected completes after the reconnect', async () => {
  const c = await connect();
  const before = (await getBalance(c, k.bob.address)).free;
  net.chain.txPool.mode = 'Manual' as typeof net.chain.txPool.mode;
  const pending = transfer(c, { from: k.alice, to: k.bob, amount: TAO }, { timeoutMs: 60_000 });
  await until('the transaction in the pool', () => net.chain.txPool.pendingExtrinsics.length === 1);
  let built = 0;
  await bounce(async () => {
    built = (await net.newBlocks(1)).number;
  });
  const res = await pending;
  assert.equal(res.blockNumber, built);
  assert.ok(res.events.some((e) => e.method === 'ExtrinsicSuccess'));
  assert.equal((await getBalance(c, k.bob.address)).free, before + TAO);
});

test('a submission still in the pool when the connection drops is resent (same bytes) and lands exactly once', async () => {
  const c = await connect();
  const before = (await getBalance(c, k.bob.address)).free;
  net.chain.txPool.mode = 'Manual' as typeof net.chain.txPool.mode;
  const pending = transfer(c, { from: k.charlie, to: k.bob, amount: TAO }, { timeoutMs: 60_000 });
  await until('the transaction in the pool', () => net.chain.txPool.pendingExtrinsics.length === 1);
  await bounce();
  await new Promise((r) => setTimeout(r, 500)); // let the client look for it and resend
  const { number } = await net.newBlocks(1);
  const res = await pending;
  assert.equal(res.blockNumber, number);
  assert.equal((await getBalance(c, k.bob.address)).free, before + TAO);
  // And the nonce bookkeeping is right for the next one.
  net.chain.txPool.mode = 'Instant' as typeof net.chain.txPool.mode;
  await transfer(c, { from: k.charlie, to: k.bob, amount: TAO });
});

test('with the server gone for good, a pending submission fails with a clear error in time instead of hanging', async () => {
  const c = await connect();
  net.chain.txPool.mode = 'Manual' as typeof net.chain.txPool.mode;
  const t0 = Date.now();
  const pending = transfer(c, { from: k.dave, to: k.bob, amount: TAO }, { timeoutMs: 5_000 });
  pending.catch(() => undefined); // asserted below; don't let it count as unhandled meanwhile
  await until('the transaction in the pool', () => net.chain.txPool.pendingExtrinsics.length === 1);
  await server.close();
  await assert.rejects(pending, (err: unknown) => {
    assert.ok(ChainError.is(err), String(err));
    assert.equal(err.code, 'InclusionTimeout');
    assert.ok(err.txHash);
    return true;
  });
  // The 5 s inclusion bound starts once the bytes are sent; getting a nonce and signing come before it.
  assert.ok(Date.now() - t0 < 15_000, `settled after ${Date.now() - t0} ms`);
  await assert.rejects(getBlockNumber(c, { timeoutMs: 300 }), (err: unknown) => ChainError.is(err, 'Timeout'));
  server = await net.serve({ port });
  await c.waitConnected({ timeoutMs: 10_000 });
  net.chain.txPool.mode = 'Instant' as typeof net.chain.txPool.mode;
  await net.newBlocks(1); // the old transaction was still in the pool: it lands now
  await transfer(c, { from: k.dave, to: k.bob, amount: TAO }); // the nonce is re-read, no 1010
});

test('close() stops reconnecting and leaves no socket behind', async () => {
  const c = await connect();
  const api = c.api;
  await server.close();
  await until('the client to notice', () => states.includes('disconnected'));
  await c.close();
  server = await net.serve({ port });
  await new Promise((r) => setTimeout(r, 600)); // longer than the max backoff
  assert.equal(api.isConnected, false, 'no reconnect after close()');
  await assert.rejects(getBlockNumber(c), (err: unknown) => ChainError.is(err, 'ClientClosed'));
});

test('when the port comes back serving a different chain, the API is rebuilt and a pending submission fails with ChainChanged', async () => {
  const c = await connect();
  const oldApi = c.api;
  net.chain.txPool.mode = 'Manual' as typeof net.chain.txPool.mode;
  const pending = transfer(c, { from: k.alice, to: k.bob, amount: TAO }, { timeoutMs: 120_000 });
  pending.catch(() => undefined);
  await until('the transaction in the pool', () => net.chain.txPool.pendingExtrinsics.length === 1);
  await server.close();
  await until('the client to notice', () => states.includes('disconnected'));
  const other = await startLocalnet(); // a restarted localnet: a new genesis
  const otherServer = await other.serve({ port });
  try {
    await until('the chain change', () => states.includes('chain-changed'), 120_000);
    await assert.rejects(pending, (err: unknown) => ChainError.is(err, 'ChainChanged'));
    assert.notEqual(
      c.api,
      oldApi,
      'a new API (chopsticks gives every chain the same genesis hash, so that is no test)',
    );
    assert.equal(await getBlockNumber(c), other.head().number);
    const h0 = other.head().number;
    await transfer(c, { from: k.alice, to: k.bob, amount: TAO }); // nonces were forgotten with the old chain
    assert.equal(other.head().number, h0 + 1);
  } finally {
    await otherServer.close();
    await other.close();
    server = await net.serve({ port });
  }
});
