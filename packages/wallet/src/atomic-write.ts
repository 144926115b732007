import { isAtomicWriteError, writeFileAtomic } from '@subnetkit/synapse/atomic-write';
import { keyfileExistsError, WalletError } from './errors.js';

/**
 * Writes a keyfile with the shared atomic write (temp file, fsync, rename or hard link, directory fsync): mode 0600,
 * missing directories 0700. Without `overwrite`, an existing file is `WALLET_KEYFILE_EXISTS`; other failures are
 * `WALLET_IO` carrying the write's own error (path, reason, hint) as `cause` and its hints.
 */
export async function writeKeyfileAtomic(
  path: string,
  data: Uint8Array,
  options: { overwrite?: boolean } = {},
): Promise<void> {
  try {
    await writeFileAtomic(path, data, { overwrite: options.overwrite ?? false, mode: 0o600, dirMode: 0o700 });
  } catch (err) {
    if (isAtomicWriteError(err, 'FILE_EXISTS')) throw keyfileExistsError(path);
    if (isAtomicWriteError(err)) {
      throw new WalletError('WALLET_IO', err.shortMessage, { cause: err, metaMessages: err.metaMessages });
    }
    throw err;
  }
}
