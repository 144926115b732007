import { ChainError } from './errors.js';

/** An IP as the chain stores it in `AxonInfo`: the address as an integer (u128) plus its type (4 or 6). */
export interface IpInt {
  ip: bigint;
  ipType: 4 | 6;
}

function bad(ip: string, why: string): ChainError {
  return new ChainError('InvalidIpAddress', `invalid IP address '${ip}': ${why}`, { kind: 'input' });
}

function ipv4ToInt(ip: string): bigint {
  const parts = ip.split('.');
  if (parts.length !== 4) throw bad(ip, 'an IPv4 address has 4 dotted parts');
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) throw bad(ip, `'${p}' is not a number 0-255`);
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function ipv6ToInt(ip: string): bigint {
  let text = ip;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const n = ipv4ToInt(v4[1]);
    text = `${text.slice(0, -v4[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) throw bad(ip, "'::' may appear only once");
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) throw bad(ip, 'an IPv6 address has 8 groups');
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) throw bad(ip, `'${g}' is not a 16-bit hex group`);
    n = (n << 16n) | BigInt(Number.parseInt(g, 16));
  }
  return n;
}

/** Parses a dotted IPv4 or an IPv6 address (with `::` compression) into the chain's integer form. */
export function ipToInt(ip: string): IpInt {
  const text = ip.trim().replace(/^\[|\]$/g, '');
  if (text.includes(':')) return { ip: ipv6ToInt(text), ipType: 6 };
  return { ip: ipv4ToInt(text), ipType: 4 };
}

/** Formats the chain's integer IP back to text (IPv6 in the canonical compressed form). */
export function intToIp(ip: bigint | number | string, ipType: number): string {
  const n = BigInt(ip);
  if (ipType === 4) {
    if (n < 0n || n > 0xffffffffn) throw bad(String(ip), 'does not fit in 32 bits');
    return [24n, 16n, 8n, 0n].map((s) => ((n >> s) & 0xffn).toString()).join('.');
  }
  if (ipType !== 6) throw bad(String(ip), `unknown ip type ${ipType} (4 or 6)`);
  if (n < 0n || n >= 1n << 128n) throw bad(String(ip), 'does not fit in 128 bits');
  const groups: number[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(Number((n >> s) & 0xffffn));
  // Compress the longest run (>= 2) of zero groups, as RFC 5952 says.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
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
