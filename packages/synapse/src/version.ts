/** `version_as_int` (spec §6): `major·1000² + minor·1000 + patch` of the `major.minor.patch` prefix. */
import { SynapseError } from './errors.js';

export function versionAsInt(version: string): number {
  const m = /^\s*v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m)
    throw new SynapseError('SYNAPSE_INVALID_VERSION', `version ${JSON.stringify(version)} is not major.minor.patch`);
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (major >= 1000 || minor >= 1000 || patch >= 1000)
    throw new SynapseError('SYNAPSE_INVALID_VERSION', `version ${version}: each component must be < 1000`);
  const v = major * 1_000_000 + minor * 1000 + patch;
  if (v > 2 ** 31 - 1) throw new SynapseError('SYNAPSE_INVALID_VERSION', `version ${version} does not fit an int32`);
  return v;
}

/** The Python protocol version subnetkit reports by default (bittensor 10.2.0): above the 7.2.0 nonce threshold. */
export const PROTOCOL_VERSION = 10_002_000;
