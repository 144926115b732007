import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { SubnetkitError } from '@subnetkit/synapse';
import { ChainClient } from './client.js';
import { ChainError } from './errors.js';

/** A port on 127.0.0.1 that nothing listens on (the OS gave it out, then it was closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('a refused ws connection is ConnectTimeout: a SubnetkitError naming the endpoint, with a hint', async () => {
  const url = `ws://127.0.0.1:${await closedPort()}`;
  await assert.rejects(ChainClient.connect(url, { timeoutMs: 3_000, reconnect: false }), (e) => {
    assert.ok(e instanceof ChainError && e instanceof SubnetkitError);
    assert.equal(e.code, 'ConnectTimeout');
    assert.equal(e.kind, 'connection');
    assert.ok(e.shortMessage.includes(url), e.shortMessage);
    assert.equal(e.metaMessages[0], e.hint);
    assert.match(e.hint ?? '', /subnetkit localnet/);
    assert.ok(e.hint?.includes(url));
    return true;
  });
});
