import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isAtomicWriteError, removeStaleTemps, writeFileAtomic } from '@subnetkit/synapse/atomic-write';
import { MetagraphError } from '../errors.js';

/** A commit_weights that still has to be revealed: everything reveal_weights needs, plus where and when. */
export interface PendingCommit {
  /** Genesis hash of the chain the commit was sent to (so a testnet commit is never revealed on another chain). */
  genesisHash: string;
  netuid: number;
  /** SS58 address of the committing hotkey. */
  hotkey: string;
  /** The commit hash (H256, 0x-hex). */
  hash: string;
  uids: number[];
  values: number[];
  salt: number[];
  /** u64 as a decimal string (JSON has no u64). */
  versionKey: string;
  /** Block the commit was included in, and the reveal window computed from it. */
  commitBlock: number;
  firstRevealBlock: number;
  lastRevealBlock: number;
  /** Wall-clock ms when stored; the oldest entries are evicted first when the store is full. */
  createdAt: number;
}

export interface CommitKey {
  genesisHash: string;
  netuid: number;
  hotkey: string;
}

export interface PendingCommitStoreOptions {
  /** JSON file; default `$SUBNETKIT_HOME/pending-commits.json` or `~/.subnetkit/pending-commits.json`. */
  path?: string;
  /** Most commits kept per (chain, netuid, hotkey); the chain itself allows 10 unrevealed. Default 10. */
  maxPerKey?: number;
  /** Most commits kept in the file. Default 1024. */
  maxTotal?: number;
}

interface StoreFile {
  version: 1;
  commits: PendingCommit[];
}

const sameKey = (c: PendingCommit, k: CommitKey) =>
  c.genesisHash === k.genesisHash && c.netuid === k.netuid && c.hotkey === k.hotkey;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isU16List = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => isInt(x) && x <= 0xffff);

function validCommit(c: unknown): c is PendingCommit {
  if (typeof c !== 'object' || c === null) return false;
  const r = c as Record<string, unknown>;
  return (
    typeof r.genesisHash === 'string' &&
    isInt(r.netuid) &&
    typeof r.hotkey === 'string' &&
    typeof r.hash === 'string' &&
    isU16List(r.uids) &&
    isU16List(r.values) &&
    isU16List(r.salt) &&
    typeof r.versionKey === 'string' &&
    /^\d+$/.test(r.versionKey) &&
    isInt(r.commitBlock) &&
    isInt(r.firstRevealBlock) &&
    isInt(r.lastRevealBlock) &&
    isInt(r.createdAt)
  );
}

export function defaultCommitStorePath(): string {
  const home = process.env.SUBNETKIT_HOME ?? join(homedir(), '.subnetkit');
  return join(home, 'pending-commits.json');
}

/**
 * Pending weight commits on disk, so a validator that restarts between commit and reveal still reveals. The file is
 * rewritten whole on every change: written to a temp file (mode 0600), fsynced, then renamed over the old one, so a
 * crash leaves either the old or the new file, never half of one. Operations in one process are serialized; one
 * validator process per file is assumed (no cross-process lock). Bounded by `maxPerKey` and `maxTotal`.
 */
export class PendingCommitStore {
  readonly path: string;
  readonly maxPerKey: number;
  readonly maxTotal: number;
  #queue: Promise<unknown> = Promise.resolve();
  #swept = false;

  constructor(options: PendingCommitStoreOptions = {}) {
    this.path = options.path ?? defaultCommitStorePath();
    this.maxPerKey = options.maxPerKey ?? 10;
    this.maxTotal = options.maxTotal ?? 1024;
    if (
      !Number.isInteger(this.maxPerKey) ||
      this.maxPerKey < 1 ||
      !Number.isInteger(this.maxTotal) ||
      this.maxTotal < 1
    ) {
      throw new MetagraphError('METAGRAPH_INVALID_INPUT', 'maxPerKey and maxTotal must be positive integers');
    }
  }

  /** Runs `fn` after every earlier operation on this store has finished. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #read(): Promise<PendingCommit[]> {
    if (!this.#swept) {
      // Once per store: temp files a process killed mid-write left beside the file (only those of dead writers).
      this.#swept = true;
      await removeStaleTemps(this.path);
    }
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new MetagraphError(
        'METAGRAPH_COMMIT_STORE',
        `cannot read pending commits from ${this.path}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new MetagraphError(
        'METAGRAPH_COMMIT_STORE',
        `pending-commit file ${this.path} is not valid JSON; move it aside to start empty (its commits can then no longer be revealed)`,
        { cause },
      );
    }
    const file = parsed as Partial<StoreFile>;
    if (file?.version !== 1 || !Array.isArray(file.commits) || !file.commits.every(validCommit)) {
      throw new MetagraphError(
        'METAGRAPH_COMMIT_STORE',
        `pending-commit file ${this.path} has an unexpected shape (want {"version":1,"commits":[...]})`,
      );
    }
    return file.commits;
  }

  async #write(commits: PendingCommit[]): Promise<void> {
    const data = `${JSON.stringify({ version: 1, commits } satisfies StoreFile, null, 1)}\n`;
    try {
      await writeFileAtomic(this.path, data, { mode: 0o600, dirMode: 0o700 });
    } catch (err) {
      // Say why (no space, read-only, a file where a directory should be): the path alone leaves the user guessing.
      throw new MetagraphError(
        'METAGRAPH_COMMIT_STORE',
        `cannot write pending commits to ${this.path}: ${(err as { shortMessage?: string }).shortMessage ?? (err as Error).message}`,
        { cause: err, metaMessages: isAtomicWriteError(err) ? err.metaMessages : [] },
      );
    }
  }

  /** Stores a commit, evicting the oldest of its key beyond `maxPerKey` and the oldest overall beyond `maxTotal`. */
  add(commit: PendingCommit): Promise<void> {
    if (!validCommit(commit)) {
      return Promise.reject(new MetagraphError('METAGRAPH_INVALID_INPUT', 'pending commit is missing fields'));
    }
    return this.#serial(async () => {
      const commits = (await this.#read()).filter((c) => c.hash !== commit.hash || !sameKey(c, commit));
      commits.push(structuredClone(commit));
      commits.sort((a, b) => a.createdAt - b.createdAt);
      const ofKey = commits.filter((c) => sameKey(c, commit));
      const drop = new Set(ofKey.slice(0, Math.max(0, ofKey.length - this.maxPerKey)));
      const kept = commits.filter((c) => !drop.has(c));
      await this.#write(kept.slice(Math.max(0, kept.length - this.maxTotal)));
    });
  }

  /** Commits of one (chain, netuid, hotkey), oldest first. */
  list(key: CommitKey): Promise<PendingCommit[]> {
    return this.#serial(async () => (await this.#read()).filter((c) => sameKey(c, key)));
  }

  /** Every stored commit, oldest first. */
  all(): Promise<PendingCommit[]> {
    return this.#serial(() => this.#read());
  }

  /** Removes the commits of `key` whose hash is in `hashes`; returns how many were removed. */
  remove(key: CommitKey, hashes: Iterable<string>): Promise<number> {
    const drop = new Set(hashes);
    return this.#serial(async () => {
      const commits = await this.#read();
      const kept = commits.filter((c) => !(sameKey(c, key) && drop.has(c.hash)));
      if (kept.length !== commits.length) await this.#write(kept);
      return commits.length - kept.length;
    });
  }
}
