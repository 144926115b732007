/**
 * The one `AxonInfo`: an axon as the chain stores it (subtensor's `AxonInfo` struct, served with `serve_axon`), the IP
 * as text. `@subnetkit/chain` reads it and exports it as its own; it is defined here, in the lowest package, so the
 * axon (a sibling of the chain, not above it) can derive its Python form without depending on the chain client.
 */
export interface AxonInfo {
  /** Block it was served at. */
  block: number;
  version: number;
  /** Dotted IPv4 or canonical IPv6. */
  ip: string;
  port: number;
  /** 4 or 6. */
  ipType: number;
  protocol: number;
  placeholder1: number;
  placeholder2: number;
}

/** `ipType` → `ip_type`: Python's spelling of a camelCase key. */
type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;

/**
 * Python's `bittensor.AxonInfo` (what `axon.info()` returns there and what a Python dendrite accepts as a target):
 * the chain's fields but `block`, in snake_case, plus the axon's keys.
 */
export type PyAxonInfo = {
  [K in Exclude<keyof AxonInfo, 'block'> as SnakeCase<K>]: AxonInfo[K];
} & {
  hotkey: string;
  coldkey: string | null;
};

/** The Python form of an axon's chain record, given its keys. */
export function toPyAxonInfo(
  axon: Omit<AxonInfo, 'block'>,
  keys: { hotkey: string; coldkey: string | null },
): PyAxonInfo {
  return {
    version: axon.version,
    ip: axon.ip,
    ip_type: axon.ipType,
    port: axon.port,
    hotkey: keys.hotkey,
    coldkey: keys.coldkey,
    protocol: axon.protocol,
    placeholder1: axon.placeholder1,
    placeholder2: axon.placeholder2,
  };
}
