/**
 * The miners a validator queries in a step: every uid with a published axon, minus the validator itself and axons
 * at 0.0.0.0 / port 0 (registered but not serving), or a uniform random sample of `sampleSize` of them.
 */
import type { Metagraph } from '@subnetkit/metagraph';

export function servingMinerUids(metagraph: Metagraph, selfHotkey: string): number[] {
  const uids: number[] = [];
  for (let uid = 0; uid < metagraph.n; uid++) {
    const axon = metagraph.axons[uid];
    if (!axon?.isServing || axon.port === 0 || axon.ip === '0.0.0.0' || axon.ip === '::') continue;
    if (metagraph.hotkeys[uid] === selfHotkey) continue;
    uids.push(uid);
  }
  return uids;
}

/** `k` of `uids` drawn without replacement (all of them when k is 0 or ≥ their number), in uid order. */
export function sampleUids(uids: readonly number[], k: number, random: () => number = Math.random): number[] {
  if (k <= 0 || k >= uids.length) return [...uids];
  const pool = [...uids];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}
