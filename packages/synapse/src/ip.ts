/**
 * IP address ⇄ integer, as `int(netaddr.IPAddress(ip))` and `int_to_ip` (the chain stores a u128). IPv4 and IPv6.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { SynapseError } from './errors.js';

/** 4 or 6; throws for anything that is not an IP address. */
export function ipVersion(ip: string): 4 | 6 {
  if (isIPv4(ip)) return 4;
  if (isIPv6(ip)) return 6;
  throw new SynapseError('SYNAPSE_INVALID_IP', `not an IP address: ${JSON.stringify(ip)}`);
}

function v4ToInt(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

/** The integer of an IPv4 or IPv6 address (IPv6 exceeds 2^53, hence bigint). */
export function ipToInt(ip: string): bigint {
  const v = ipVersion(ip);
  if (v === 4) return v4ToInt(ip);
  let text = ip.split('%')[0]!;
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) is two 16-bit groups.
    const v4 = v4ToInt(last);
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const parse = (s: string) => (s ? s.split(':').map((g) => BigInt(`0x${g}`)) : []);
  let groups: bigint[];
  if (text.includes('::')) {
    const [head, rest] = text.split('::') as [string, string];
    const h = parse(head);
    const r = parse(rest);
    groups = [...h, ...new Array<bigint>(8 - h.length - r.length).fill(0n), ...r];
  } else groups = parse(text);
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/**
 * The address of an integer. `version` 4 or 6; by default values below 2^32 are IPv4 (as netaddr guesses), the rest
 * IPv6 in RFC 5952 form (lowercase, longest zero run compressed).
 */
export function intToIp(value: bigint | number, version?: 4 | 6): string {
  const n = BigInt(value);
  if (n < 0n || n >= 1n << 128n) throw new SynapseError('SYNAPSE_INVALID_IP', `${n} is not a 128-bit address`);
  const v = version ?? (n < 1n << 32n ? 4 : 6);
  if (v === 4) {
    if (n >= 1n << 32n) throw new SynapseError('SYNAPSE_INVALID_IP', `${n} does not fit IPv4`);
    return [24n, 16n, 8n, 0n].map((s) => ((n >> s) & 0xffn).toString()).join('.');
  }
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => Number((n >> s) & 0xffffn));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
