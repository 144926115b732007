/**
 * `subnetkit subnet …` through the real bin against a localnet served over WebSocket, in the order a new subnet
 * owner meets them: create, stake before the subnet is started (refused: the error says why and what to run), start,
 * stake again.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LocalnetServer } from '@subnetkit/localnet';
import { type Localnet, setNetworkRateLimit, startLocalnet } from '@subnetkit/localnet';
import { runCli } from './test-support.js';

let net: Localnet;
let server: LocalnetServer;

before(async () => {
  net = await startLocalnet();
  const client = await net.client();
  await setNetworkRateLimit(client, 0);
  await client.close();
  server = await net.serve({ port: 0 });
});

after(async () => {
  await server?.close();
  await net?.close();
});

const cli = (args: string[]) => runCli([...args, '--chain', server.url]);

test('staking before `subnet start` names the cause and the command that fixes it; after the start it lands', {
  timeout: 300_000,
}, async () => {
  const owner = ['--uri', '//Alice', '--hotkey-uri', '//Alice//new-owner'];
  const created = await cli(['subnet', 'create', ...owner]);
  assert.equal(created.code, 0, created.err);
  const netuid = Number(/subnet (\d+) created/.exec(created.out)?.[1]);
  assert.ok(netuid > 0, created.out);

  const stake = ['subnet', 'stake', '--netuid', String(netuid), '--amount', '10', ...owner];
  const early = await cli(stake);
  assert.equal(early.code, 1, early.err);
  const line = early.err.trim().split('\n').at(-1) ?? '';
  assert.equal(
    line,
    `subnetkit subnet stake: Subnet ${netuid} is not started yet, so the chain takes no stake on it: the subnet's owner runs 'subnetkit subnet start --netuid ${netuid}' (signed by the owner coldkey; allowed some blocks after 'subnetkit subnet create'), then stake again.`,
  );

  await net.newBlocks(11); // DurationOfStartCall is 10 blocks in this build
  const started = await cli(['subnet', 'start', '--netuid', String(netuid), ...owner]);
  assert.equal(started.code, 0, started.err);
  const staked = await cli(stake);
  assert.equal(staked.code, 0, staked.err);
  assert.match(staked.out, new RegExp(`staked 10 TAO to \\S+ on subnet ${netuid}`));
});
