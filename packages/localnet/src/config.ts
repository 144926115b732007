/**
 * Where localnet looks for things on disk: the user cache directory and the repository's chain-spec search path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** The sha256 of subtensor's `aura-dev.json` (runtime spec_version 293), the spec localnet is tested with. */
export const PINNED_CHAIN_SPEC_SHA256 = 'c321edb119707219b5f3fe602ad2f3180cd9e4492dbceee16e46b54a1facba2d';

/**
 * Where the pinned spec is downloaded from when no copy is found: its git blob (`dd53a75b…`, file `aura-dev.json`) in
 * subtensor's public repository, served raw by GitHub's API. The sha256 check, not the URL, is what makes it safe.
 */
export const DEFAULT_CHAIN_SPEC_URL =
  'https://api.github.com/repos/opentensor/subtensor/git/blobs/dd53a75be37ed9029356a03d9ef68aff88007195';

/** The file name the pinned spec usually has; it is hashed first when a directory is searched. */
export const PINNED_CHAIN_SPEC_NAME = 'subtensor-localnet-spec293.json';

/** `SUBNETKIT_CACHE_DIR`, else `$XDG_CACHE_HOME/subnetkit`, else `~/.cache/subnetkit`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SUBNETKIT_CACHE_DIR) return resolve(env.SUBNETKIT_CACHE_DIR);
  const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'subnetkit');
}

export interface SearchPathConfig {
  /** The package.json that declared `subnetkit.chainSpecSearchPath`. */
  packageJson: string;
  /** The declared directories, resolved against that package.json's directory. */
  dirs: string[];
}

/**
 * Walks up from `cwd` to the nearest package.json whose `subnetkit.chainSpecSearchPath` is set (a repository sets it
 * for its development and CI, e.g. `["../shared/chain"]`). Returns undefined when no such file exists.
 */
export function findSearchPathConfig(cwd: string): SearchPathConfig | undefined {
  let dir = resolve(cwd);
  for (let depth = 0; depth < 64; depth++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const dirs = readSearchPath(file);
      if (dirs) return { packageJson: file, dirs: dirs.map((d) => resolve(dir, d)) };
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

function readSearchPath(file: string): string[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // an unreadable package.json is not ours to judge; keep walking up
  }
  const list = (json as { subnetkit?: { chainSpecSearchPath?: unknown } })?.subnetkit?.chainSpecSearchPath;
  if (!Array.isArray(list)) return undefined;
  return list.filter((d): d is string => typeof d === 'string' && d.length > 0);
}
