import type { ApiPromise } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { type ChainClient, findStorage, mechanismStorageIndex } from '@subnetkit/chain';
import { MetagraphError } from '../errors.js';

export interface RevealWatch {
  netuid: number;
  mechanismId?: number;
  /** SS58 address of the committing hotkey. */
  hotkey: string;
  /** The block the commit landed in; blocks from here on are searched for the reveal. */
  commitBlock: number;
  /**
   * The last block in which the chain may still reveal it (the end of the reveal epoch). Past it, a commit without
   * a `TimelockedWeightsRevealed` event was dropped: the chain does so silently (a pulse never stored, a payload
   * that failed to decrypt or decode, weights that failed the rules at reveal time).
   */
  lastRevealBlock: number;
  signal?: AbortSignal;
  /** Poll interval when no new head arrives; default 2 s. */
  pollMs?: number;
}

export type RevealStatus =
  | { status: 'revealed'; blockNumber: number; blockHash: string }
  | { status: 'expired'; lastRevealBlock: number; message: string };

/** Whether an event is `TimelockedWeightsRevealed(netuid_index, who)` for this hotkey and storage index. */
export function isRevealOf(
  event: { section: string; method: string; args: readonly unknown[] },
  netuidIndex: number,
  hotkey: string,
): boolean {
  if (event.section !== 'subtensorModule' || event.method !== 'TimelockedWeightsRevealed') return false;
  return Number(event.args[0]) === netuidIndex && sameAccount(String(event.args[1]), hotkey);
}

/** Compares accounts by public key, so an SS58 prefix other than the wallet's does not hide a match. */
function sameAccount(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return u8aToHex(decodeAddress(a)) === u8aToHex(decodeAddress(b));
  } catch {
    return false;
  }
}

/**
 * Follows the chain block by block from the commit until the commit's reveal event for this hotkey, or until its
 * reveal epoch has passed without one ("expired unrevealed").
 */
export async function waitForTimelockedReveal(client: ChainClient, watch: RevealWatch): Promise<RevealStatus> {
  const index = mechanismStorageIndex(watch.netuid, watch.mechanismId ?? 0);
  let next = watch.commitBlock;
  for (;;) {
    if (watch.signal?.aborted)
      throw new MetagraphError('METAGRAPH_TIMELOCK', 'stopped watching for the reveal (aborted)');
    const head = await client.read('reading the best block', async (api) =>
      (await api.rpc.chain.getHeader()).number.toNumber(),
    );
    for (; next <= head && next <= watch.lastRevealBlock; next++) {
      const found = await client.read(`reading the events of block ${next}`, (api) =>
        revealIn(api, next, index, watch.hotkey),
      );
      if (found) return { status: 'revealed', blockNumber: next, blockHash: found };
    }
    if (next > watch.lastRevealBlock) {
      return {
        status: 'expired',
        lastRevealBlock: watch.lastRevealBlock,
        message:
          `expired unrevealed: no TimelockedWeightsRevealed for ${watch.hotkey} on subnet ${watch.netuid} ` +
          `(mechanism ${watch.mechanismId ?? 0}) by block ${watch.lastRevealBlock}. The chain drops a commit it cannot ` +
          'reveal without an error: check the reveal round against Drand.LastStoredRound and decrypt the commit with ' +
          "'subnetkit weights untimelock' to see why.",
      };
    }
    await new Promise((r) => setTimeout(r, watch.pollMs ?? 2000));
  }
}

async function revealIn(api: ApiPromise, block: number, index: number, hotkey: string): Promise<string | undefined> {
  const hash = (await api.rpc.chain.getBlockHash(block)).toHex();
  const at = await api.at(hash);
  const events = findStorage(at, 'system', 'events');
  if (!events) return undefined;
  const records = (await events()) as unknown as {
    event: { section: string; method: string; data: { toPrimitive(): unknown }[] };
  }[];
  const hit = records.some(({ event }) =>
    isRevealOf(
      { section: event.section, method: event.method, args: event.data.map((d) => d.toPrimitive()) },
      index,
      hotkey,
    ),
  );
  return hit ? hash : undefined;
}
