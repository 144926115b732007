/**
 * A version-1 UUID string (`str(uuid.uuid1())` in Python): the dendrite's identity on the wire, created once per
 * instance. The node id is random with the multicast bit set (RFC 4122 §4.5), so no MAC address is read or leaked.
 */
import { randomBytes } from 'node:crypto';

// 100-ns intervals between 1582-10-15 (the Gregorian reform, UUID epoch) and 1970-01-01.
const GREGORIAN_OFFSET = 122_192_928_000_000_000n;
let lastTicks = 0n;

export function uuid1(nowMs: number = Date.now()): string {
  let ticks = BigInt(nowMs) * 10_000n + GREGORIAN_OFFSET;
  // Two uuids made in the same millisecond still differ in time (as Python's uuid1 does).
  if (ticks <= lastTicks) ticks = lastTicks + 1n;
  lastTicks = ticks;
  const timeLow = ticks & 0xffffffffn;
  const timeMid = (ticks >> 32n) & 0xffffn;
  const timeHi = ((ticks >> 48n) & 0x0fffn) | 0x1000n;
  const rnd = randomBytes(8);
  const clockSeq = ((rnd.readUInt16BE(0) & 0x3fff) | 0x8000).toString(16);
  rnd[2] = (rnd[2] ?? 0) | 0x01; // multicast bit: a random node id, not a MAC
  const node = rnd.subarray(2, 8).toString('hex');
  const hex = (v: bigint, n: number) => v.toString(16).padStart(n, '0');
  return `${hex(timeLow, 8)}-${hex(timeMid, 4)}-${hex(timeHi, 4)}-${clockSeq}-${node}`;
}
