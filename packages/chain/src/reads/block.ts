import type { CallOptions } from '../bounded.js';
import type { ChainClient } from '../client.js';

/** The best block number. */
export async function getBlockNumber(client: ChainClient, opts: CallOptions = {}): Promise<number> {
  return client.read(
    'reading the block number',
    async (api) => (await api.rpc.chain.getHeader()).number.toNumber(),
    opts,
  );
}

/** The hash of block `number` (the best block when omitted), or null when the node does not know it. */
export async function getBlockHash(
  client: ChainClient,
  number?: number,
  opts: CallOptions = {},
): Promise<string | null> {
  return client.read(
    `reading the hash of block ${number ?? 'best'}`,
    async (api) => {
      if (number === undefined) return (await api.rpc.chain.getHeader()).hash.toHex();
      const h = (await api.rpc.chain.getBlockHash(number)).toHex();
      return /^0x0+$/.test(h) ? null : h;
    },
    opts,
  );
}
