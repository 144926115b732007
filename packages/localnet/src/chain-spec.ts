/**
 * Finds the chain spec to run, checking every candidate by sha256. Order: an explicit path (option or
 * `SUBNETKIT_CHAIN_SPEC`), the repository's search path (`subnetkit.chainSpecSearchPath` in the nearest package.json),
 * the user cache (`<cacheDir>/chain/`), then a download URL (option or `SUBNETKIT_CHAIN_SPEC_URL`, only when set).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultCacheDir, findSearchPathConfig, PINNED_CHAIN_SPEC_NAME, PINNED_CHAIN_SPEC_SHA256 } from './config.js';
import { LocalnetError } from './errors.js';

export interface ChainSpecOptions {
  /** An explicit spec file. When set (or `SUBNETKIT_CHAIN_SPEC` is), nothing else is searched. */
  chainSpec?: string;
  /** Expected sha256 (hex) of the spec; defaults to `SUBNETKIT_CHAIN_SPEC_SHA256`, then the pinned spec-293 hash. */
  sha256?: string;
  /** Download URL tried last; defaults to `SUBNETKIT_CHAIN_SPEC_URL`. Nothing is downloaded when neither is set. */
  url?: string;
  /** Where the search for the repository config starts; defaults to `process.cwd()`. */
  cwd?: string;
  /** Cache root (`chain/` and `genesis/` live under it); defaults to `SUBNETKIT_CACHE_DIR` or `~/.cache/subnetkit`. */
  cacheDir?: string;
  /** Environment to read the variables from; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Download timeout in ms (default 120 000). */
  downloadTimeoutMs?: number;
}

export type ChainSpecSource = 'explicit' | 'search-path' | 'user-cache' | 'download';

export interface ResolvedChainSpec {
  path: string;
  sha256: string;
  source: ChainSpecSource;
  /** The file's bytes, so the caller does not read it twice. */
  bytes: Buffer;
}

/** Directories are scanned for at most this many `.json` files, each at most this big. */
const MAX_FILES_PER_DIR = 64;
const MAX_SPEC_BYTES = 256 * 1024 * 1024;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function resolveChainSpec(options: ChainSpecOptions = {}): Promise<ResolvedChainSpec> {
  const env = options.env ?? process.env;
  const expected = normalizeSha(options.sha256 ?? env.SUBNETKIT_CHAIN_SPEC_SHA256 ?? PINNED_CHAIN_SPEC_SHA256);
  const explicit = options.chainSpec ?? env.SUBNETKIT_CHAIN_SPEC;
  if (explicit) return checkExplicit(resolve(options.cwd ?? process.cwd(), explicit), expected);

  const tried: string[] = [];
  const config = findSearchPathConfig(options.cwd ?? process.cwd());
  if (config) {
    for (const dir of config.dirs) {
      const hit = scanDir(dir, expected);
      if (hit) return { ...hit, source: 'search-path' };
      tried.push(`${dir} (search path from ${config.packageJson})`);
    }
  } else {
    tried.push('no package.json with "subnetkit": { "chainSpecSearchPath": [...] } above the working directory');
  }

  const cacheChainDir = join(options.cacheDir ?? defaultCacheDir(env), 'chain');
  const cached = scanDir(cacheChainDir, expected);
  if (cached) return { ...cached, source: 'user-cache' };
  tried.push(`${cacheChainDir} (user cache)`);

  const url = options.url ?? env.SUBNETKIT_CHAIN_SPEC_URL;
  if (url) return download(url, expected, cacheChainDir, options.downloadTimeoutMs ?? 120_000);
  tried.push('no download URL (SUBNETKIT_CHAIN_SPEC_URL is not set)');

  throw new LocalnetError(
    'CHAIN_SPEC_NOT_FOUND',
    `no chain spec with sha256 ${expected} was found. Looked in:\n  - ${tried.join('\n  - ')}\n` +
      'Provide one in any of these ways:\n' +
      '  - pass its path: startLocalnet({ chainSpec }), `subnetkit localnet up --chain-spec PATH` or SUBNETKIT_CHAIN_SPEC=PATH\n' +
      `  - copy it into ${cacheChainDir}/\n` +
      '  - set SUBNETKIT_CHAIN_SPEC_URL to a URL serving it (its sha256 is checked)\n' +
      '  - list its directory in package.json: "subnetkit": { "chainSpecSearchPath": ["<dir>"] }\n' +
      `The default spec is subtensor's aura-dev.json (runtime 293, sha256 ${PINNED_CHAIN_SPEC_SHA256}); ` +
      'for a spec of your own also pass its sha256 (option sha256 or SUBNETKIT_CHAIN_SPEC_SHA256).',
  );
}

function normalizeSha(value: string): string {
  const sha = value.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sha)) {
    throw new LocalnetError('INVALID_ARGUMENT', `chain spec sha256 must be 64 hex characters, got '${value}'`);
  }
  return sha;
}

function checkExplicit(path: string, expected: string): ResolvedChainSpec {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new LocalnetError('CHAIN_SPEC_NOT_FOUND', `cannot read the chain spec at ${path}`, { cause });
  }
  const sha256 = sha256Hex(bytes);
  if (sha256 !== expected) {
    throw new LocalnetError(
      'CHAIN_SPEC_HASH_MISMATCH',
      `the chain spec at ${path} has sha256 ${sha256}, expected ${expected}. ` +
        'If it is your own spec, pass its hash (option sha256 or SUBNETKIT_CHAIN_SPEC_SHA256).',
    );
  }
  return { path, sha256, source: 'explicit', bytes };
}

/** Hashes the `.json` files of a directory (the pinned file name first) until one matches. */
function scanDir(dir: string, expected: string): Omit<ResolvedChainSpec, 'source'> | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return undefined; // a missing directory is simply not a candidate
  }
  names.sort(
    (a, b) => Number(b === PINNED_CHAIN_SPEC_NAME) - Number(a === PINNED_CHAIN_SPEC_NAME) || a.localeCompare(b),
  );
  for (const name of names.slice(0, MAX_FILES_PER_DIR)) {
    const path = join(dir, name);
    try {
      const st = statSync(path);
      if (!st.isFile() || st.size > MAX_SPEC_BYTES) continue;
      const bytes = readFileSync(path);
      const sha256 = sha256Hex(bytes);
      if (sha256 === expected) return { path, sha256, bytes };
    } catch {
      // unreadable file: not a candidate
    }
  }
  return undefined;
}

async function download(url: string, expected: string, cacheChainDir: string, timeoutMs: number) {
  let bytes: Buffer;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    bytes = Buffer.from(await res.arrayBuffer());
  } catch (cause) {
    throw new LocalnetError('CHAIN_SPEC_DOWNLOAD_FAILED', `downloading the chain spec from ${url} failed`, { cause });
  }
  const sha256 = sha256Hex(bytes);
  if (sha256 !== expected) {
    throw new LocalnetError(
      'CHAIN_SPEC_HASH_MISMATCH',
      `the chain spec downloaded from ${url} has sha256 ${sha256}, expected ${expected}; it was not saved`,
    );
  }
  const path = join(cacheChainDir, `spec-${sha256.slice(0, 16)}.json`);
  writeFileAtomic(path, bytes);
  return { path, sha256, source: 'download' as const, bytes };
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(resolve(path, '..'), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
