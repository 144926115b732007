import type { AxonInfo } from '@subnetkit/synapse';
import type { ChainClient } from '../client.js';
import { intToIp } from '../ip.js';
import { storage } from '../metadata.js';
import { plain } from '../plain.js';
import { assertNetuid, pinState, type ReadOptions } from './at.js';

/** The one AxonInfo (the chain's struct, IP as text); defined in @subnetkit/synapse, exported from here as the chain's. */
export type { AxonInfo, PyAxonInfo } from '@subnetkit/synapse';

interface RawAxon {
  block: bigint | number;
  version: number;
  ip: bigint | number;
  port: number;
  ipType: number;
  protocol: number;
  placeholder1?: number;
  placeholder2?: number;
}

/** Converts the chain's axon struct; null for the all-zero value of a neuron that never served. */
export function axonFromChain(raw: RawAxon | null | undefined): AxonInfo | null {
  if (!raw || (BigInt(raw.ip) === 0n && raw.port === 0)) return null;
  let ip: string;
  try {
    ip = intToIp(BigInt(raw.ip), raw.ipType);
  } catch {
    ip = BigInt(raw.ip).toString(); // an ip_type the chain accepted but we don't know: keep the number
  }
  return {
    block: Number(raw.block),
    version: raw.version,
    ip,
    port: raw.port,
    ipType: raw.ipType,
    protocol: raw.protocol,
    placeholder1: raw.placeholder1 ?? 0,
    placeholder2: raw.placeholder2 ?? 0,
  };
}

/** The axon `hotkey` serves on subnet `netuid`, or null if it never served one. */
export async function getAxon(
  client: ChainClient,
  netuid: number,
  hotkey: string,
  opts: ReadOptions = {},
): Promise<AxonInfo | null> {
  assertNetuid(netuid);
  return client.read(
    `reading the axon of ${hotkey} on subnet ${netuid}`,
    async (api) => {
      const { at } = await pinState(api, opts.block);
      return axonFromChain(plain(await storage(at, 'subtensorModule', 'axons')(netuid, hotkey)) as RawAxon | null);
    },
    opts,
  );
}
