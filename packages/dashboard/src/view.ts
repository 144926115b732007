/**
 * What the page is sent: a metagraph turned into plain JSON. Only public chain state goes in (no keys, no
 * signatures, no endpoint credentials); amounts are TAO (or alpha) as floats, fine for display, with the exact rao
 * beside them as strings.
 */
import type { Metagraph } from '@subnetkit/metagraph';

const RAO_PER_TAO = 1e9;

export interface NeuronView {
  uid: number;
  hotkey: string;
  coldkey: string;
  /** TAO (alpha on a dynamic subnet), for display; `stakeRao` is exact. */
  stake: number;
  stakeRao: string;
  /** TAO per epoch, for display; `emissionRao` is exact. */
  emission: number;
  emissionRao: string;
  incentive: number;
  trust: number;
  consensus: number;
  dividends: number;
  rank: number;
  validatorTrust: number;
  validatorPermit: boolean;
  active: boolean;
  lastUpdate: number;
  /** `null` when the neuron has not published an axon. */
  axon: { ip: string; port: number } | null;
}

export interface MetagraphView {
  netuid: number;
  block: number;
  n: number;
  neurons: NeuronView[];
  /** Sparse normalized weights `[validator uid, miner uid, weight]` (rows sum to 1); empty after a lite sync. */
  weights: [number, number, number][];
}

/** One point of the charts: a value per uid (index = uid) at one block. */
export interface HistoryPoint {
  block: number;
  stake: number[];
  incentive: number[];
  emission: number[];
  trust: number[];
  dividends: number[];
}

export const HISTORY_SERIES = ['stake', 'incentive', 'emission', 'trust', 'dividends'] as const;

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function metagraphView(mg: Metagraph): MetagraphView {
  const neurons: NeuronView[] = [];
  for (let i = 0; i < mg.n; i++) {
    const axon = mg.axons[i];
    neurons.push({
      uid: mg.uids[i] as number,
      hotkey: mg.hotkeys[i] as string,
      coldkey: mg.coldkeys[i] as string,
      stake: Number(mg.stake[i]) / RAO_PER_TAO,
      stakeRao: String(mg.stake[i]),
      emission: Number(mg.emission[i]) / RAO_PER_TAO,
      emissionRao: String(mg.emission[i]),
      incentive: round(mg.incentive[i] as number),
      trust: round(mg.trust[i] as number),
      consensus: round(mg.consensus[i] as number),
      dividends: round(mg.dividends[i] as number),
      rank: round(mg.rank[i] as number),
      validatorTrust: round(mg.validatorTrust[i] as number),
      validatorPermit: mg.validatorPermit[i] === 1,
      active: mg.active[i] === 1,
      lastUpdate: mg.lastUpdate[i] as number,
      axon: axon?.isServing && axon.port > 0 ? { ip: axon.ip, port: axon.port } : null,
    });
  }
  const weights: [number, number, number][] = [];
  mg.weights.forEach((row, from) => {
    row.forEach((w, to) => {
      if (w > 0) weights.push([from, to, round(w)]);
    });
  });
  return { netuid: mg.netuid, block: mg.block, n: mg.n, neurons, weights };
}

export function historyPoint(view: MetagraphView): HistoryPoint {
  const column = (pick: (n: NeuronView) => number) => view.neurons.map(pick);
  return {
    block: view.block,
    stake: column((n) => n.stake),
    incentive: column((n) => n.incentive),
    emission: column((n) => n.emission),
    trust: column((n) => n.trust),
    dividends: column((n) => n.dividends),
  };
}

/**
 * The endpoint as the page shows it: scheme, host and path only, so credentials or an API key in the URL
 * (`wss://user:key@host/?token=…`) never reach the feed.
 */
export function endpointLabel(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return /^[a-z]+$/i.test(endpoint) ? endpoint : 'custom endpoint'; // local, test, finney
  }
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}
