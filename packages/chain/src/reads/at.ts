import type { ApiPromise } from '@polkadot/api';
import type { ApiDecoration } from '@polkadot/api/types';
import type { CallOptions } from '../bounded.js';
import { ChainError } from '../errors.js';

export interface ReadOptions extends CallOptions {
  /** Read the state at this block number or block hash instead of the best block. */
  block?: number | string;
}

export interface PinnedState {
  /** The API decorated for the pinned block (its storage, runtime calls). */
  at: ApiDecoration<'promise'>;
  block: number;
  hash: string;
}

/** Pins a read to one block (the best one by default) so every value comes from the same state. */
export async function pinState(api: ApiPromise, block?: number | string): Promise<PinnedState> {
  let hash: string;
  let number: number;
  if (block === undefined) {
    const header = await api.rpc.chain.getHeader();
    hash = header.hash.toHex();
    number = header.number.toNumber();
  } else if (typeof block === 'number') {
    if (!Number.isInteger(block) || block < 0) {
      throw new ChainError('InvalidBlock', `block must be a non-negative integer, got ${block}`, { kind: 'input' });
    }
    const h = await api.rpc.chain.getBlockHash(block);
    if (h.isEmpty || /^0x0+$/.test(h.toHex())) {
      throw new ChainError('UnknownBlock', `block ${block} is not known to the node (pruned or in the future)`, {
        kind: 'input',
      });
    }
    hash = h.toHex();
    number = block;
  } else {
    if (!/^0x[0-9a-fA-F]{64}$/.test(block)) {
      throw new ChainError('InvalidBlock', `block hash must be 0x + 64 hex digits, got '${block}'`, { kind: 'input' });
    }
    hash = block;
    number = (await api.rpc.chain.getHeader(block)).number.toNumber();
  }
  return { at: await api.at(hash), block: number, hash };
}

/** Checks a netuid before it reaches the codec (which would silently wrap 65536 to 0). */
export function assertNetuid(netuid: number): void {
  if (!Number.isInteger(netuid) || netuid < 0 || netuid > 0xffff) {
    throw new ChainError('InvalidNetuid', `netuid must be an integer 0-65535, got ${netuid}`, { kind: 'input' });
  }
}

export function assertUid(uid: number): void {
  if (!Number.isInteger(uid) || uid < 0 || uid > 0xffff) {
    throw new ChainError('InvalidUid', `uid must be an integer 0-65535, got ${uid}`, { kind: 'input' });
  }
}
