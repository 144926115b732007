/**
 * Bench support: one real axon (//Bob, Dummy, answered at once; signature checks on its worker threads; no rate limit:
 * one hotkey sends everything) with the in-memory nonce store or a `RedisNonceStore`. Prints `AXON_READY <port>`;
 * exits when stdin closes.
 *   node --import tsx bench/support/nonce-store-axon.ts --store redis --redis-url redis://127.0.0.1:6379
 */
import { parseArgs } from 'node:util';
import { Axon, RedisNonceStore } from '@subnetkit/axon';
import { Keypair } from '@subnetkit/wallet';
import { Dummy } from '../../examples/dummy/protocol.js';

const { values } = parseArgs({
  options: { store: { type: 'string', default: 'memory' }, 'redis-url': { type: 'string' } },
});
const store = values.store === 'redis' ? new RedisNonceStore({ url: values['redis-url'] ?? '' }) : undefined;
const axon = new Axon({
  signer: await Keypair.fromUri('//Bob'),
  port: 0,
  ip: '127.0.0.1',
  rateLimit: false,
  logLevel: 'silent',
  metrics: false,
  ...(store ? { nonceStore: store } : {}),
});
axon.attach(Dummy, (s) => {
  s.output = s.input * 2;
  return s;
});
await axon.start();
process.stdout.write(`AXON_READY ${axon.port}\n`);
process.stdin.resume();
const stop = async () => {
  await axon.stop(500);
  await store?.close();
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
