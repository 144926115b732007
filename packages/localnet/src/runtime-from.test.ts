// `runtimeFrom`: a localnet on another node's runtime. The other node is a localnet served on 127.0.0.1 in this process.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findStorage, getBalance, plain } from '@subnetkit/chain';
import { createSubnet } from './bootstrap.js';
import type { LocalnetError } from './errors.js';
import { type Localnet, type StartProgress, startLocalnet } from './localnet.js';
import type { LocalnetServer } from './server.js';

let source: Localnet;
let server: LocalnetServer;
let cacheDir: string;

before(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), 'subnetkit-runtime-from-'));
  source = await startLocalnet();
  server = await source.serve({ port: 0 });
});
after(async () => {
  await source?.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('startLocalnet({ runtimeFrom })', () => {
  it("runs the source's runtime on a fresh dev genesis that works, cached by code hash", async () => {
    const steps: StartProgress[] = [];
    const net = await startLocalnet({ runtimeFrom: server.url, cacheDir, onProgress: (e) => steps.push(e) });
    try {
      assert.deepEqual(
        steps.map((e) => e.step),
        ['remote', 'genesis', 'runtime'],
      );
      assert.equal(net.mode, 'runtime-from');
      assert.equal(net.source, server.url);
      const api = await net.api();
      const sourceApi = await source.api();
      assert.deepEqual(
        (await api.rpc.state.getRuntimeVersion()).toJSON(),
        (await sourceApi.rpc.state.getRuntimeVersion()).toJSON(),
      );
      const genesisStep = steps.find((e) => e.step === 'genesis');
      assert.equal(genesisStep?.step === 'genesis' && genesisStep.origin, 'built');
      assert.ok(existsSync(join(cacheDir, 'genesis', `runtime-${net.specSha256}.v1.raw.json`)));

      // A fresh genesis, not a copy of the source's state: the dev accounts are funded, //Alice is sudo.
      const client = await net.client();
      assert.equal((await getBalance(client, '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty')).free, 10n ** 15n);
      const sudoKey = plain(await findStorage(api, 'sudo', 'key')?.());
      assert.equal(sudoKey, '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');

      // Sudo, register_network and hyperparameters work; the start-call wait is skipped in storage (as for a
      // mainnet runtime's days-long delay), after which the subnet emits.
      const head = net.head().number;
      const { netuid, startedAt } = await createSubnet(net, { maxStartCallBlocks: 0 });
      assert.ok(netuid > 0);
      assert.ok(startedAt !== undefined && startedAt - head < 10, 'no start-call blocks were built');
      const sub = (item: string) => findStorage(api, 'subtensorModule', item)?.(netuid);
      assert.equal(plain(await sub('firstEmissionBlockNumber')), BigInt(startedAt));
      // Alpha is emitted into a subnet only once it is started (SubnetAlphaOut stays 0 on an unstarted one).
      const alphaBefore = plain(await sub('subnetAlphaOut')) as bigint;
      await net.newBlocks(2);
      assert.ok((plain(await sub('subnetAlphaOut')) as bigint) > alphaBefore, 'the started subnet emits alpha');
    } finally {
      await net.close();
    }

    const again: StartProgress[] = [];
    const second = await startLocalnet({ runtimeFrom: server.url, cacheDir, onProgress: (e) => again.push(e) });
    try {
      const g = again.find((e) => e.step === 'genesis');
      assert.equal(g?.step === 'genesis' && g.origin, 'cached');
    } finally {
      await second.close();
    }
  });

  it('names an endpoint it cannot reach', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    await assert.rejects(
      startLocalnet({ runtimeFrom: `ws://127.0.0.1:${port}`, cacheDir, rpcTimeoutMs: 5000 }),
      (e: LocalnetError) => e.code === 'LOCALNET_RUNTIME_FETCH_FAILED' && e.message.includes(`127.0.0.1:${port}`),
    );
  });
});
