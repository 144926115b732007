/**
 * Finds the chain spec to run, checking every candidate by sha256. Order: an explicit path (option or
 * `SUBNETKIT_CHAIN_SPEC`), the repository's search path (`subnetkit.chainSpecSearchPath` in the nearest package.json),
 * the user cache (`<cacheDir>/chain/`), then a verified download (option, `SUBNETKIT_CHAIN_SPEC_URL`, or the pinned
 * default URL) into that cache.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DEFAULT_CHAIN_SPEC_URL,
  defaultCacheDir,
  findSearchPathConfig,
  PINNED_CHAIN_SPEC_NAME,
  PINNED_CHAIN_SPEC_SHA256,
} from './config.js';
import { type DownloadError, type DownloadProgress, downloadVerified } from './download.js';
import { LocalnetError } from './errors.js';

export interface ChainSpecOptions {
  /** An explicit spec file. When set (or `SUBNETKIT_CHAIN_SPEC` is), nothing else is searched. */
  chainSpec?: string;
  /** Expected sha256 (hex) of the spec; defaults to `SUBNETKIT_CHAIN_SPEC_SHA256`, then the pinned spec-293 hash. */
  sha256?: string;
  /**
   * Download URL tried last; defaults to `SUBNETKIT_CHAIN_SPEC_URL`, then (for the pinned spec only) the spec's git
   * blob in subtensor's public repository. Whatever the URL, the file is kept only if its sha256 matches.
   */
  url?: string;
  /** Never download (default: `SUBNETKIT_OFFLINE` set to anything but '', '0' or 'false'). */
  offline?: boolean;
  /** Where the search for the repository config starts; defaults to `process.cwd()`. */
  cwd?: string;
  /** Cache root (`chain/` and `genesis/` live under it); defaults to `SUBNETKIT_CACHE_DIR` or `~/.cache/subnetkit`. */
  cacheDir?: string;
  /** Environment to read the variables from; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Download timeout in ms, retry included (default 120 000). */
  downloadTimeoutMs?: number;
  /** Longest wait for the connection or the next bytes, in ms (default 30 000); then it retries once, resuming. */
  downloadStallTimeoutMs?: number;
  /** Download progress (size, speed): at most once a second, and once when done. */
  onDownloadProgress?: (p: DownloadProgress) => void;
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
    tried.push(
      `a package.json search path ("subnetkit": { "chainSpecSearchPath": [...] }; none above ${resolve(options.cwd ?? process.cwd())})`,
    );
  }

  const cacheChainDir = join(options.cacheDir ?? defaultCacheDir(env), 'chain');
  const cached = scanDir(cacheChainDir, expected);
  if (cached) return { ...cached, source: 'user-cache' };
  tried.push(`${cacheChainDir} (user cache)`);

  const pinned = expected === PINNED_CHAIN_SPEC_SHA256;
  const url = options.url ?? env.SUBNETKIT_CHAIN_SPEC_URL ?? (pinned ? DEFAULT_CHAIN_SPEC_URL : undefined);
  const offline = options.offline ?? isTruthy(env.SUBNETKIT_OFFLINE);
  if (!url || offline) {
    tried.push(offline ? 'no download (offline is set)' : 'no download (SUBNETKIT_CHAIN_SPEC_URL is not set)');
    throw new LocalnetError('LOCALNET_CHAIN_SPEC_NOT_FOUND', notFoundParagraph(expected, tried, cacheChainDir));
  }
  const dest = join(cacheChainDir, pinned ? PINNED_CHAIN_SPEC_NAME : `spec-${expected.slice(0, 16)}.json`);
  try {
    const bytes = await downloadVerified({
      url,
      sha256: expected,
      dest,
      headers: new URL(url).hostname === 'api.github.com' ? { accept: 'application/vnd.github.raw+json' } : {},
      timeoutMs: options.downloadTimeoutMs ?? 120_000,
      stallTimeoutMs: options.downloadStallTimeoutMs ?? 30_000,
      onProgress: options.onDownloadProgress,
    });
    return { path: dest, sha256: expected, source: 'download', bytes };
  } catch (cause) {
    const e = cause as DownloadError;
    const code =
      e.kind === 'hash-mismatch' ? 'LOCALNET_CHAIN_SPEC_HASH_MISMATCH' : 'LOCALNET_CHAIN_SPEC_DOWNLOAD_FAILED';
    const failure = `downloading it from ${url} failed: ${e.message}`;
    throw new LocalnetError(code, notFoundParagraph(expected, tried, cacheChainDir, failure), { cause });
  }
}

/**
 * One paragraph a user can act on without a stack trace: what was looked for, where, why the download (if any)
 * failed, and the three ways to provide the file.
 */
function notFoundParagraph(expected: string, tried: string[], cacheChainDir: string, downloadFailure?: string): string {
  const what =
    expected === PINNED_CHAIN_SPEC_SHA256
      ? `the subtensor chain spec (runtime 293, aura-dev.json, sha256 ${expected})`
      : `a chain spec with sha256 ${expected}`;
  const failed = downloadFailure ? `, and ${downloadFailure}` : '';
  return (
    `Could not find ${what}. Looked in: ${tried.join('; ')}${failed}. ` +
    'Provide it in one of three ways: pass its path (`subnetkit localnet up --chain-spec PATH`, ' +
    'SUBNETKIT_CHAIN_SPEC=PATH or startLocalnet({ chainSpec })); copy the file into ' +
    `${cacheChainDir}/; or set SUBNETKIT_CHAIN_SPEC_URL to a URL that serves it (the sha256 is checked).`
  );
}

function isTruthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

function normalizeSha(value: string): string {
  const sha = value.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sha)) {
    throw new LocalnetError('LOCALNET_INVALID_ARGUMENT', `chain spec sha256 must be 64 hex characters, got '${value}'`);
  }
  return sha;
}

function checkExplicit(path: string, expected: string): ResolvedChainSpec {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new LocalnetError('LOCALNET_CHAIN_SPEC_NOT_FOUND', `cannot read the chain spec at ${path}`, { cause });
  }
  const sha256 = sha256Hex(bytes);
  if (sha256 !== expected) {
    throw new LocalnetError(
      'LOCALNET_CHAIN_SPEC_HASH_MISMATCH',
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

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(resolve(path, '..'), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
