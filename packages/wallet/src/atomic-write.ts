import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { keyfileExistsError, WalletError } from './errors.js';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

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
    // Some filesystems cannot fsync a directory; the rename is still atomic.
  }
}

/**
 * Writes `data` to `path` with mode 0600: a temp file in the same directory, fsync, then an atomic rename (or, when
 * not overwriting, a hard link, which fails if the target appeared meanwhile). Missing directories are created 0700.
 * Without `overwrite`, an existing file is an error naming the path.
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array,
  options: { overwrite?: boolean } = {},
): Promise<void> {
  const dir = dirname(path);
  try {
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
  } catch (err) {
    throw new WalletError('WALLET_IO', `could not create directory ${dir}: ${(err as Error).message}`, { cause: err });
  }
  if (!options.overwrite && (await exists(path))) {
    throw keyfileExistsError(path);
  }
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx', FILE_MODE);
    try {
      await handle.writeFile(data);
      await handle.chmod(FILE_MODE); // the umask can only clear bits, but be explicit
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite) {
      await rename(tmp, path);
    } else {
      let linked = false;
      try {
        await link(tmp, path);
        linked = true;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw keyfileExistsError(path);
        // Filesystems without hard links (some network/FUSE mounts): check, then rename (a narrow race remains).
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
        if (await exists(path)) throw keyfileExistsError(path);
        await rename(tmp, path);
      }
      if (linked) await unlink(tmp);
    }
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    if (err instanceof WalletError) throw err;
    throw new WalletError('WALLET_IO', `could not write ${path}: ${(err as Error).message}`, { cause: err });
  }
  await chmod(path, FILE_MODE);
  await fsyncDir(dir);
}
