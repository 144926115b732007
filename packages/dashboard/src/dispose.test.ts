import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSubnet, type Localnet, startLocalnet } from '@subnetkit/localnet';
import { Keypair } from '@subnetkit/wallet';
import { startDashboard } from './dashboard.js';

let net: Localnet;
let netuid: number;

before(async () => {
  net = await startLocalnet();
  ({ netuid } = await createSubnet(net, { owner: await Keypair.fromUri('//Alice') }));
});
after(() => net?.close());

test('`await using` closes the dashboard at the end of the scope: its port stops answering', async () => {
  let url: string;
  {
    await using dash = await startDashboard({ chain: await net.client(), netuid, port: 0, backfillPoints: 0 });
    url = new URL('/api/state', dash.url).href;
    assert.equal((await fetch(url)).status, 200);
  }
  await assert.rejects(fetch(url), /fetch failed/);
});
