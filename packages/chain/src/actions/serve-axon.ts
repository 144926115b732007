import type { ChainClient } from '../client.js';
import { ChainError } from '../errors.js';
import { assertServableIp, ipToInt } from '../ip.js';
import type { ChainSigner } from '../signer.js';
import { assertU16, buildCall, type SubmitOptions, type SubmitResult, send } from './common.js';

export interface ServeAxonParameters {
  netuid: number;
  /** The registered hotkey that serves (it signs). */
  hotkey: ChainSigner;
  /** Dotted IPv4 or IPv6. 127.0.0.1, ::1 and 0.0.0.0 are refused by the chain: use 127.0.0.2 for a local axon. */
  ip: string;
  port: number;
  /** Axon version number; default 1. */
  version?: number;
  /** bittensor uses 4; default 4. */
  protocol?: number;
}

/** Publishes the hotkey's axon address on a subnet (`serve_axon`, ip as u128 with ip_type 4 or 6). */
export async function serveAxon(
  client: ChainClient,
  params: ServeAxonParameters,
  opts?: SubmitOptions,
): Promise<SubmitResult> {
  assertU16('netuid', params.netuid);
  const parsed = ipToInt(params.ip);
  assertServableIp(parsed, params.ip);
  if (!Number.isInteger(params.port) || params.port < 1 || params.port > 0xffff) {
    throw new ChainError('InvalidPort', `port must be an integer 1-65535, got ${params.port}`, { kind: 'input' });
  }
  const version = params.version ?? 1;
  if (!Number.isInteger(version) || version < 0 || version > 0xffffffff) {
    throw new ChainError('InvalidVersion', `version must be a u32, got ${version}`, { kind: 'input' });
  }
  const protocol = params.protocol ?? 4;
  if (!Number.isInteger(protocol) || protocol < 0 || protocol > 0xff) {
    throw new ChainError('InvalidProtocol', `protocol must be a u8, got ${protocol}`, { kind: 'input' });
  }
  const call = buildCall(client, 'subtensorModule', 'serveAxon', [
    params.netuid,
    version,
    parsed.ip,
    params.port,
    parsed.ipType,
    protocol,
    0,
    0,
  ]);
  return send(client, call, params.hotkey, opts);
}
