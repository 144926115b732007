/**
 * The one atomic file write of subnetkit (wallet keyfiles, pending commits, validator state, model files). It lives
 * in the lowest package so every other can use it, behind its own entry point (`@subnetkit/synapse/atomic-write`)
 * so the protocol entry stays free of I/O.
 *
 * A temp file in the target's directory is written, fsynced and renamed over the target (or hard-linked when the
 * target must not exist yet), then the directory is fsynced: a crash at any moment leaves the old file or the new
 * one, never half of either. On failure the temp file is removed and an existing target is left as it was.
 */
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SubnetkitError } from './subnetkit-error.js';

export type AtomicWriteErrorCode =
  /** `overwrite: false` and the target exists. */
  | 'FILE_EXISTS'
  /** No permission to write the directory or the file (EACCES, EPERM). */
  | 'FILE_PERMISSION_DENIED'
  /** The directory is on a read-only filesystem (EROFS). */
  | 'FILE_READ_ONLY'
  /** The device (or the user's quota) is full (ENOSPC, EDQUOT). */
  | 'FILE_NO_SPACE'
  /** Any other failure; `cause` holds the system error. */
  | 'FILE_WRITE_FAILED';

/** A failed atomic write; `path` is the file that was to be written. */
export class AtomicWriteError extends SubnetkitError<AtomicWriteErrorCode> {
  override name = 'AtomicWriteError';
  readonly path: string;

  constructor(code: AtomicWriteErrorCode, path: string, shortMessage: string, metaMessages: string[], cause?: unknown) {
    super(code, shortMessage, { cause, metaMessages });
    this.path = path;
  }
}

export interface WriteFileAtomicParameters {
  /** Replace an existing file (default true). With false, an existing target is a `FILE_EXISTS` error. */
  overwrite?: boolean | undefined;
  /** Mode of the written file, set explicitly (not subject to the umask); default: 0o666 minus the umask. */
  mode?: number | undefined;
  /** Mode of directories created on the way (default 0o777 minus the umask). */
  dirMode?: number | undefined;
}

/** Writes `data` to `path` atomically (see the module comment); missing directories are created. */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  parameters: WriteFileAtomicParameters = {},
): Promise<void> {
  const { overwrite = true, mode, dirMode } = parameters;
  const dir = dirname(path);
  try {
    await mkdir(dir, { recursive: true, ...(dirMode === undefined ? {} : { mode: dirMode }) });
  } catch (err) {
    throw atomicWriteError(err, path, `could not create the directory ${dir}`);
  }
  if (!overwrite && (await exists(path))) throw existsError(path);
  const tmp = atomicTempPath(path);
  try {
    const handle = await open(tmp, 'wx', mode ?? 0o666);
    try {
      await handle.writeFile(data);
      if (mode !== undefined) await handle.chmod(mode); // the umask can only clear bits; say the mode exactly
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (overwrite) await rename(tmp, path);
    else await linkIntoPlace(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    if (err instanceof AtomicWriteError) throw err;
    throw atomicWriteError(err, path, `could not write ${path}`);
  }
  if (mode !== undefined) await chmod(path, mode).catch(() => undefined);
  await fsyncDir(dir);
}

/**
 * The temp file a write of `path` goes through: `.<name>.<pid>.<12 hex>.tmp` beside it. The pid says whose it is, so
 * `removeStaleTemps` can tell a dead writer's leftover from a write in progress.
 */
export function atomicTempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Deletes the temp files of `path` that a writer killed mid-write (SIGKILL, power loss) left beside it: only names of
 * `atomicTempPath`'s exact pattern for this `path`, and only when their process is gone (or is this one, which has
 * no write of `path` in flight when it calls this). Never the target nor any other file. Returns the names removed;
 * a directory that cannot be read removes nothing.
 */
export async function removeStaleTemps(path: string): Promise<string[]> {
  const dir = dirname(path);
  const name = basename(path);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const pid = tempOwner(entry, name);
    if (pid === undefined || (pid !== process.pid && processAlive(pid))) continue;
    try {
      await unlink(join(dir, entry));
      removed.push(entry);
    } catch {
      // gone already, or not ours to delete: leave it
    }
  }
  return removed;
}

/**
 * The writer's pid when `entry` is a temp file of `name` (see atomicTempPath); `process.pid` for the pid-less
 * `.<name>.<12 hex>.tmp` that StateStore's writability probe used to leave (a probe lives for microseconds); else
 * undefined.
 */
function tempOwner(entry: string, name: string): number | undefined {
  const prefix = `.${name}.`;
  if (!entry.startsWith(prefix)) return undefined;
  const m = /^(?:(\d{1,10})\.)?[0-9a-f]{12}\.tmp$/.exec(entry.slice(prefix.length));
  if (!m) return undefined;
  return m[1] === undefined ? process.pid : Number(m[1]);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // someone else's live process
  }
}

/** True when `err` is an AtomicWriteError (optionally with `code`). */
export function isAtomicWriteError(err: unknown, code?: AtomicWriteErrorCode): err is AtomicWriteError {
  return err instanceof AtomicWriteError && (code === undefined || err.code === code);
}

/** Hard-links `tmp` to `path` (fails if `path` appeared meanwhile), then removes `tmp`. */
async function linkIntoPlace(tmp: string, path: string): Promise<void> {
  try {
    await link(tmp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw existsError(path);
    // Filesystems without hard links (some network/FUSE mounts): check, then rename (a narrow race remains).
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    if (await exists(path)) throw existsError(path);
    await rename(tmp, path);
    return;
  }
  await unlink(tmp);
}

function existsError(path: string): AtomicWriteError {
  return new AtomicWriteError('FILE_EXISTS', path, `${path} already exists`, [
    'Pass overwrite: true to replace it, or move it aside.',
  ]);
}

function atomicWriteError(err: unknown, path: string, what: string): AtomicWriteError {
  const dir = dirname(path);
  switch ((err as NodeJS.ErrnoException | undefined)?.code) {
    case 'EACCES':
    case 'EPERM':
      return new AtomicWriteError(
        'FILE_PERMISSION_DENIED',
        path,
        `${what}: permission denied`,
        [`Check that this user may write to ${dir} (ls -ld ${dir}), or choose another path.`],
        err,
      );
    case 'EROFS':
      return new AtomicWriteError(
        'FILE_READ_ONLY',
        path,
        `${what}: ${dir} is on a read-only filesystem`,
        ['Choose a path on a writable filesystem.'],
        err,
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return new AtomicWriteError(
        'FILE_NO_SPACE',
        path,
        `${what}: no space left on the device`,
        [`Free space on the filesystem holding ${dir} (df -h ${dir}); ${path} was left as it was.`],
        err,
      );
    default:
      return new AtomicWriteError(
        'FILE_WRITE_FAILED',
        path,
        `${what}: ${(err as Error)?.message ?? String(err)}`,
        [],
        err,
      );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some filesystems cannot fsync a directory; the rename itself is still atomic.
  }
}
