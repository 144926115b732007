/**
 * Where a call goes. An `AxonTarget` is what the metagraph gives for a neuron (`ip`, `port`, `hotkey`, plus optional
 * fields this package ignores). It is validated once per call: a bad address is a programming error and throws before
 * anything is sent.
 */
import { isIP } from 'node:net';
import { publicKeyOf } from '@subnetkit/synapse';
import { DendriteError } from './errors.js';

export interface AxonTarget {
  /** IPv4, IPv6 (brackets optional) or a host name. */
  ip: string;
  port: number;
  /** The axon's SS58 hotkey: it is part of the signed message, so a wrong one gets 401 from the axon. */
  hotkey: string;
  coldkey?: string;
  version?: number;
  ipType?: number;
  ip_type?: number;
  protocol?: number;
}

export interface ResolvedTarget {
  /** The ip as it goes in `bt_header_axon_ip` (no brackets). */
  ip: string;
  port: number;
  hotkey: string;
  /** `http://host:port` that undici connects to (IPv6 bracketed). */
  origin: string;
  /** `0.0.0.0`, `::` or port 0: the neuron does not serve; the call fails with 503 without touching the network. */
  notServing: boolean;
}

const HOSTNAME_RE =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const checkedHotkeys = new Set<string>();

function bad(message: string): never {
  throw new DendriteError('DENDRITE_INVALID_AXON', message);
}

function checkHotkey(hotkey: unknown, where: string): string {
  if (typeof hotkey !== 'string' || hotkey.length === 0) bad(`${where}: hotkey must be an SS58 address string`);
  if (checkedHotkeys.has(hotkey)) return hotkey;
  try {
    publicKeyOf(hotkey);
  } catch (err) {
    throw new DendriteError(
      'DENDRITE_INVALID_AXON',
      `${where}: hotkey ${JSON.stringify(hotkey)} is not an SS58 address`,
      {
        cause: err,
      },
    );
  }
  // A small bounded memo: a metagraph has at most a few thousand hotkeys.
  if (checkedHotkeys.size >= 16_384) checkedHotkeys.clear();
  checkedHotkeys.add(hotkey);
  return hotkey;
}

/**
 * Validates a target and computes where to connect. When the target's ip is this dendrite's own external ip, the
 * connection goes to loopback (as Python connects to 0.0.0.0 then), while the headers keep the published ip.
 */
export function resolveTarget(axon: AxonTarget, externalIp: string, where = 'axon'): ResolvedTarget {
  if (axon === null || typeof axon !== 'object') bad(`${where}: expected { ip, port, hotkey }, got ${typeof axon}`);
  const rawIp = axon.ip;
  if (typeof rawIp !== 'string' || rawIp.length === 0) bad(`${where}: ip must be a non-empty string`);
  const ip = rawIp.startsWith('[') && rawIp.endsWith(']') ? rawIp.slice(1, -1) : rawIp;
  const family = isIP(ip);
  if (family === 0 && !HOSTNAME_RE.test(ip))
    bad(`${where}: ip ${JSON.stringify(rawIp)} is neither an IP nor a host name`);
  const port = axon.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) bad(`${where}: port ${String(port)} is not in 0..65535`);
  const hotkey = checkHotkey(axon.hotkey, where);
  const notServing = port === 0 || ip === '0.0.0.0' || ip === '::';
  let host = ip;
  if (ip === externalIp && !LOOPBACK.has(ip)) host = family === 6 ? '::1' : '127.0.0.1';
  const hostPart = isIP(host) === 6 ? `[${host}]` : host;
  return { ip, port, hotkey, origin: `http://${hostPart}:${port}`, notServing };
}
