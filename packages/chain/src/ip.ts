/**
 * The chain's form of an axon IP (an integer u128 plus its type). The address arithmetic is the protocol package's
 * (`int(netaddr.IPAddress(ip))`); this file adds the chain's view: the type tag and the addresses serve_axon refuses.
 */
import { ipVersion, SynapseError, intToIp as synapseIntToIp, ipToInt as synapseIpToInt } from '@subnetkit/synapse';
import { ChainError } from './errors.js';

/** An IP as the chain stores it in `AxonInfo`: the address as an integer (u128) plus its type (4 or 6). */
export interface IpInt {
  ip: bigint;
  ipType: 4 | 6;
}

function bad(ip: string, why: string, cause?: unknown): ChainError {
  return new ChainError('InvalidIpAddress', `invalid IP address '${ip}': ${why}`, { kind: 'input', cause });
}

/** Parses a dotted IPv4 or an IPv6 address (with `::` compression, brackets allowed) into the chain's integer form. */
export function ipToInt(ip: string): IpInt {
  const text = ip.trim().replace(/^\[|\]$/g, '');
  try {
    const ipType = ipVersion(text);
    return { ip: synapseIpToInt(text), ipType };
  } catch (err) {
    if (err instanceof SynapseError) throw bad(ip, 'not an IPv4 (a.b.c.d, 0-255) or IPv6 address', err);
    throw err;
  }
}

/** Formats the chain's integer IP back to text (IPv6 in the canonical compressed form). */
export function intToIp(ip: bigint | number | string, ipType: number): string {
  if (ipType !== 4 && ipType !== 6) throw bad(String(ip), `unknown ip type ${ipType} (4 or 6)`);
  const n = BigInt(ip);
  const bits = ipType === 4 ? 32n : 128n;
  if (n < 0n || n >= 1n << bits) throw bad(String(ip), `does not fit in ${bits} bits`);
  return synapseIntToIp(n, ipType);
}

/**
 * Rejects the addresses subtensor refuses in serve_axon (0.0.0.0, 127.0.0.1, ::, ::1) before a transaction is sent,
 * with a message that says what to use instead.
 */
export function assertServableIp(ip: IpInt, text: string): void {
  if (ip.ip === 0n) throw bad(text, 'the chain rejects the unspecified address; serve a reachable address');
  if ((ip.ipType === 4 && ip.ip === 0x7f000001n) || (ip.ipType === 6 && ip.ip === 1n)) {
    throw new ChainError(
      'InvalidIpAddress',
      `invalid IP address '${text}': the chain rejects ${text} for axons. For a local axon use 127.0.0.2 (or another 127.x.y.z; Linux routes all of 127/8 to loopback)`,
      { kind: 'input', hint: 'use 127.0.0.2 for a local axon' },
    );
  }
}
