import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { findStorage, findTx, plain } from '@subnetkit/chain';
import WebSocket from 'ws';
import { type Localnet, startLocalnet } from './localnet.js';
import type { LocalnetServer } from './server.js';

let net: Localnet;
let server: LocalnetServer;
let api: ApiPromise;

before(async () => {
  net = await startLocalnet();
  server = await net.serve({ port: 0 });
  api = await ApiPromise.create({ provider: new WsProvider(server.url), noInitWarn: true, throwOnConnect: true });
});
after(async () => {
  await api?.disconnect();
  await net?.close();
});

describe('localnet ws server', () => {
  it('listens on 127.0.0.1 by default', () => {
    assert.match(server.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves reads and runtime metadata to a WsProvider client', async () => {
    assert.equal(api.runtimeVersion.specVersion.toNumber(), 293);
    const header = await api.rpc.chain.getHeader();
    assert.equal(header.number.toNumber(), net.head().number);
    const tempo = plain(await findStorage(api, 'subtensorModule', 'tempo')?.(0));
    assert.ok(typeof tempo === 'number' && tempo > 0, `tempo of the root subnet: ${String(tempo)}`);
  });

  it('delivers new heads and a watched transfer through to inclusion', async () => {
    const heads: number[] = [];
    const unsub = await api.rpc.chain.subscribeNewHeads((h) => {
      heads.push(h.number.toNumber());
    });
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const dest = new Keyring({ type: 'sr25519' }).addFromUri('//WsServerTest').address;
    const statuses: string[] = [];
    const start = net.head().number;
    const transfer = findTx(api, 'balances', 'transferKeepAlive');
    assert.ok(transfer);
    await new Promise<void>((resolve, reject) => {
      transfer(dest, 123_000_000_000n)
        .signAndSend(alice, ({ status, dispatchError }) => {
          statuses.push(status.type);
          if (dispatchError) reject(new Error(dispatchError.toString()));
          // chopsticks sends `finalized` 100 ms after `inBlock`; polkadot-js skips InBlock when the block's events take
          // longer than that to fetch, so either one means included.
          else if (status.isInBlock || status.isFinalized) resolve();
          else if (status.isInvalid || status.isDropped || status.isUsurped) reject(new Error(status.type));
        })
        .catch(reject);
      setTimeout(
        () => reject(new Error(`not in a block after 120 s; statuses: ${statuses.join(',')}`)),
        120_000,
      ).unref();
    });
    assert.deepEqual(statuses.slice(0, 1), ['Ready']);
    assert.ok(statuses.includes('InBlock') || statuses.includes('Finalized'), statuses.join(','));
    const account = plain(await findStorage(api, 'system', 'account')?.(dest)) as { data: { free: bigint } };
    assert.equal(account.data.free, 123_000_000_000n);
    await net.newBlocks(1);
    await new Promise((r) => setTimeout(r, 200));
    unsub();
    assert.ok(heads.includes(start + 1) && heads.includes(start + 2), `heads seen: ${heads.join(',')}`);
  });

  it('answers malformed and unknown requests with JSON-RPC errors', async () => {
    const ws = new WebSocket(server.url);
    await new Promise((r) => ws.once('open', r));
    const replies: unknown[] = [];
    const got = new Promise<void>((resolve) => {
      ws.on('message', (m) => {
        replies.push(JSON.parse(m.toString()));
        if (replies.length === 2) resolve();
      });
    });
    ws.send('{not json');
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'no_such_method', params: [] }));
    await got;
    ws.close();
    assert.deepEqual(replies.map((r) => (r as { error: { code: number } }).error.code).sort(), [-32700, -32601].sort());
  });
});
