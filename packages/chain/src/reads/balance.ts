import type { ChainClient } from '../client.js';
import { storage } from '../metadata.js';
import { plain } from '../plain.js';
import { pinState, type ReadOptions } from './at.js';

export interface Balance {
  /** Free balance in rao (1 TAO = 1e9 rao). */
  free: bigint;
  reserved: bigint;
  frozen: bigint;
  nonce: number;
}

/** The TAO balance of an account (zeros for an unknown one). */
export async function getBalance(client: ChainClient, address: string, opts: ReadOptions = {}): Promise<Balance> {
  return client.read(
    `reading the balance of ${address}`,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      const info = plain(await storage(at, 'system', 'account')(address)) as {
        nonce: number;
        data: { free: bigint; reserved: bigint; frozen?: bigint; miscFrozen?: bigint };
      };
      return {
        free: info.data.free,
        reserved: info.data.reserved,
        frozen: info.data.frozen ?? info.data.miscFrozen ?? 0n,
        nonce: info.nonce,
      };
    },
    opts,
  );
}
