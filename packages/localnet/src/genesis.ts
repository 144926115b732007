/**
 * Turns a chain spec into the raw genesis chopsticks starts from. A plain spec (`genesis.runtimeGenesis.{code,patch}`)
 * is built with the runtime's own GenesisBuilder API, as `chain-spec-builder` does: default preset, the spec's patch
 * merged in, `build_state`, and `:code` added. The result is cached by the spec's sha256 (it takes ~1 s).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HexString } from '@polkadot/util/types';
import { writeFileAtomic } from './chain-spec.js';
import { LocalnetError } from './errors.js';
import { callRuntime } from './executor.js';

export const CODE_KEY = '0x3a636f6465'; // ":code"
/** Timestamp.Now: twox128("Timestamp") ++ twox128("Now"). */
export const TIMESTAMP_NOW_KEY = '0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb';

/** The GenesisBuilder preset applied (when the runtime has it) before DEV_GENESIS_PATCH. */
const DEV_PRESET = 'development';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const TAO = 1_000_000_000;

/**
 * What a development genesis needs on any runtime, as the pinned dev spec has it: //Alice is sudo and the only Aura
 * and GRANDPA authority (blocks need an author); //Alice, //Bob, //Charlie hold 1,000,000 TAO, //Dave, //Eve, //Ferdie
 * 2,000 TAO.
 */
export const DEV_GENESIS_PATCH = {
  sudo: { key: ALICE },
  aura: { authorities: [ALICE] },
  grandpa: { authorities: [['5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu', 1]] }, // //Alice's ed25519 key
  balances: {
    balances: [
      [ALICE, 1_000_000 * TAO],
      ['5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty', 1_000_000 * TAO], // //Bob
      ['5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y', 1_000_000 * TAO], // //Charlie
      ['5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy', 2_000 * TAO], // //Dave
      ['5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw', 2_000 * TAO], // //Eve
      ['5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL', 2_000 * TAO], // //Ferdie
    ],
  },
};

/** Bumped when the way raw genesis is built changes, so stale cache entries are not reused. */
const BUILDER_VERSION = 1;

export interface RawGenesis {
  name: string;
  id: string;
  properties: Record<string, unknown>;
  genesis: { raw: { top: Record<string, string>; childrenDefault: Record<string, unknown> } };
}

export interface GenesisResult {
  spec: RawGenesis;
  /** 'raw' (given as raw), 'built' (GenesisBuilder ran now) or 'cached' (read from the genesis cache). */
  origin: 'raw' | 'built' | 'cached';
  cachePath?: string;
}

export async function loadRawGenesis(bytes: Buffer, sha256: string, cacheDir: string): Promise<GenesisResult> {
  const spec = parseSpec(bytes);
  const genesis = spec.genesis as { raw?: { top?: unknown }; runtimeGenesis?: { code?: unknown; patch?: unknown } };
  if (genesis?.raw && typeof genesis.raw.top === 'object' && genesis.raw.top !== null) {
    const raw = spec as unknown as RawGenesis;
    raw.genesis.raw.childrenDefault ??= {};
    raw.properties ??= {};
    return { spec: raw, origin: 'raw' };
  }
  const rg = genesis?.runtimeGenesis;
  if (!rg || typeof rg.code !== 'string' || !rg.code.startsWith('0x')) {
    throw new LocalnetError(
      'LOCALNET_CHAIN_SPEC_INVALID',
      'the chain spec has neither genesis.raw.top nor genesis.runtimeGenesis.code; it is not a Substrate chain spec',
    );
  }
  const cachePath = join(cacheDir, 'genesis', `${sha256}.v${BUILDER_VERSION}.raw.json`);
  if (existsSync(cachePath)) {
    try {
      const cached = JSON.parse(readFileSync(cachePath, 'utf8')) as RawGenesis;
      if (cached.genesis?.raw?.top?.[CODE_KEY] === rg.code) return { spec: cached, origin: 'cached', cachePath };
    } catch {
      // a damaged cache entry is rebuilt below
    }
  }
  const top = await buildGenesisStorage(rg.code as HexString, rg.patch ?? {});
  const raw: RawGenesis = {
    name: String(spec.name ?? 'localnet'),
    id: String(spec.id ?? 'localnet'),
    properties: (spec.properties as Record<string, unknown>) ?? {},
    genesis: { raw: { top, childrenDefault: {} } },
  };
  writeFileAtomic(cachePath, JSON.stringify(raw));
  return { spec: raw, origin: 'built', cachePath };
}

function parseSpec(bytes: Buffer): Record<string, unknown> {
  let spec: unknown;
  try {
    spec = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new LocalnetError('LOCALNET_CHAIN_SPEC_INVALID', 'the chain spec is not valid JSON', { cause });
  }
  if (typeof spec !== 'object' || spec === null || typeof (spec as { genesis?: unknown }).genesis !== 'object') {
    throw new LocalnetError('LOCALNET_CHAIN_SPEC_INVALID', 'the chain spec has no "genesis" object');
  }
  return spec as Record<string, unknown>;
}

/** GenesisBuilder_get_preset(None) → merge patch → GenesisBuilder_build_state(json) → storage, plus `:code`. */
export async function buildGenesisStorage(code: HexString, patch: unknown): Promise<Record<string, string>> {
  return buildStorageFromConfig(code, mergeJson(await defaultConfig(code), patch));
}

/**
 * A development genesis for any runtime: its default config, its `development` preset when it has one, then
 * DEV_GENESIS_PATCH for the sections the runtime knows (an unknown section would make build_state fail).
 */
export async function buildDevGenesisStorage(code: HexString): Promise<Record<string, string>> {
  let config = await defaultConfig(code);
  if ((await presetNames(code)).includes(DEV_PRESET)) {
    const { result } = await callRuntime(code, 'GenesisBuilder_get_preset', encodeOptionBytes(DEV_PRESET));
    const preset = decodeOptionBytes(result);
    if (preset) config = mergeJson(config, JSON.parse(Buffer.from(preset).toString('utf8')));
  }
  const known = isObject(config) ? config : {};
  const patch = Object.fromEntries(Object.entries(DEV_GENESIS_PATCH).filter(([k]) => k in known));
  return buildStorageFromConfig(code, mergeJson(config, patch));
}

/** Genesis from a runtime fetched off a live node (`runtimeFrom`), cached by the code's sha256. */
export async function loadRuntimeGenesis(
  runtime: { code: HexString; codeSha256: string; chain: string; properties: Record<string, unknown> },
  cacheDir: string,
): Promise<GenesisResult> {
  const cachePath = join(cacheDir, 'genesis', `runtime-${runtime.codeSha256}.v${BUILDER_VERSION}.raw.json`);
  if (existsSync(cachePath)) {
    try {
      const cached = JSON.parse(readFileSync(cachePath, 'utf8')) as RawGenesis;
      if (cached.genesis?.raw?.top?.[CODE_KEY] === runtime.code) return { spec: cached, origin: 'cached', cachePath };
    } catch {
      // a damaged cache entry is rebuilt below
    }
  }
  const raw: RawGenesis = {
    name: `${runtime.chain} runtime (local dev genesis)`,
    id: 'subnetkit-runtime-from',
    properties: runtime.properties,
    genesis: { raw: { top: await buildDevGenesisStorage(runtime.code), childrenDefault: {} } },
  };
  writeFileAtomic(cachePath, JSON.stringify(raw));
  return { spec: raw, origin: 'built', cachePath };
}

async function defaultConfig(code: HexString): Promise<unknown> {
  const { result } = await callRuntime(code, 'GenesisBuilder_get_preset', '0x00');
  const preset = decodeOptionBytes(result);
  if (preset === undefined) {
    throw new LocalnetError('LOCALNET_GENESIS_BUILD_FAILED', 'the runtime has no default genesis preset');
  }
  return JSON.parse(Buffer.from(preset).toString('utf8'));
}

/** `GenesisBuilder_preset_names` (absent on older runtimes: then none). */
async function presetNames(code: HexString): Promise<string[]> {
  try {
    const { result } = await callRuntime(code, 'GenesisBuilder_preset_names', '0x');
    return decodeVecOfBytes(Buffer.from(result.slice(2), 'hex')).map((b) => b.toString('utf8'));
  } catch {
    return [];
  }
}

async function buildStorageFromConfig(code: HexString, config: unknown): Promise<Record<string, string>> {
  const json = Buffer.from(JSON.stringify(config), 'utf8');
  const { result, storageDiff } = await callRuntime(code, 'GenesisBuilder_build_state', encodeBytes(json));
  // Result<(), String>: 0x00 is Ok.
  if (!result.startsWith('0x00')) {
    const message = Buffer.from(result.slice(4), 'hex')
      .toString('utf8')
      .replace(/[^\x20-\x7e]/g, '');
    throw new LocalnetError(
      'LOCALNET_GENESIS_BUILD_FAILED',
      `GenesisBuilder_build_state rejected the config: ${message}`,
    );
  }
  const entries = storageDiff.filter((e): e is [HexString, HexString] => e[1] !== null);
  entries.push([CODE_KEY, code]);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(entries);
}

/** Recursive JSON merge as in `json_merge` of sc-chain-spec: objects merge key by key, anything else replaces. */
export function mergeJson(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = k in out ? mergeJson(out[k], v) : v;
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** SCALE `Vec<u8>`: compact length prefix then the bytes. */
function encodeBytes(bytes: Uint8Array): HexString {
  return `0x${Buffer.concat([encodeCompact(bytes.length), Buffer.from(bytes)]).toString('hex')}`;
}

function encodeCompact(n: number): Buffer {
  if (n < 1 << 6) return Buffer.from([n << 2]);
  if (n < 1 << 14) return Buffer.from([((n << 2) | 1) & 0xff, n >> 6]);
  if (n < 1 << 30) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(((n << 2) | 2) >>> 0);
    return b;
  }
  throw new LocalnetError('LOCALNET_INVALID_ARGUMENT', `length ${n} is too large to encode`);
}

function encodeOptionBytes(text: string): HexString {
  const bytes = Buffer.from(text, 'utf8');
  return `0x01${Buffer.concat([encodeCompact(bytes.length), bytes]).toString('hex')}`;
}

/** SCALE compact integer at `off` → [value, bytes used]. */
function decodeCompact(buf: Buffer, off: number): [number, number] {
  const mode = (buf[off] ?? 0) & 3;
  if (mode === 0) return [(buf[off] ?? 0) >> 2, 1];
  if (mode === 1) return [buf.readUInt16LE(off) >> 2, 2];
  if (mode === 2) return [buf.readUInt32LE(off) >>> 2, 4];
  throw new LocalnetError('LOCALNET_GENESIS_BUILD_FAILED', 'a length in a runtime answer is too large');
}

/** SCALE `Vec<Vec<u8>>`. */
function decodeVecOfBytes(buf: Buffer): Buffer[] {
  let [count, off] = decodeCompact(buf, 0);
  const out: Buffer[] = [];
  while (count-- > 0) {
    const [len, used] = decodeCompact(buf, off);
    off += used;
    out.push(buf.subarray(off, off + len));
    off += len;
  }
  return out;
}

/** SCALE `Option<Vec<u8>>` → bytes, or undefined for None. */
function decodeOptionBytes(hex: HexString): Uint8Array | undefined {
  const buf = Buffer.from(hex.slice(2), 'hex');
  if (buf[0] === 0) return undefined;
  const rest = buf.subarray(1);
  const mode = (rest[0] ?? 0) & 3;
  let len: number;
  let off: number;
  if (mode === 0) [len, off] = [(rest[0] ?? 0) >> 2, 1];
  else if (mode === 1) [len, off] = [rest.readUInt16LE(0) >> 2, 2];
  else if (mode === 2) [len, off] = [rest.readUInt32LE(0) >>> 2, 4];
  else throw new LocalnetError('LOCALNET_GENESIS_BUILD_FAILED', 'the genesis preset is too large');
  return rest.subarray(off, off + len);
}

/** A slot-aligned Timestamp.Now one slot in the past, so the first block's slot and timestamp agree (chain.md §0). */
export function seededTimestamp(slotMs: number, nowMs = Date.now()): HexString {
  const value = BigInt(Math.floor(nowMs / slotMs) * slotMs - slotMs);
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64LE(value);
  return `0x${buf.toString('hex')}`;
}
