/**
 * Downloads one file whose sha256 is known in advance: streamed into a part file beside the destination, resumed with
 * an HTTP Range request (or restarted) once after a dropped connection, checked against the hash, then renamed into
 * place, so the destination is either absent or complete and verified. A part file left by an interrupted run is
 * picked up by the next one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SubnetkitError, type SubnetkitErrorParameters } from '@subnetkit/synapse';

export interface DownloadProgress {
  url: string;
  /** Bytes on disk so far (a resumed part included). */
  received: number;
  /** Total size when the server said it. */
  total?: number;
  /** Average speed of this run's transfer. */
  bytesPerSecond: number;
  /** True for the last event, once the file is verified and in place. */
  done: boolean;
}

export interface VerifiedDownloadOptions {
  url: string;
  /** Lower-case hex sha256 the file must have. */
  sha256: string;
  /** Final path; written only once the content is verified. */
  dest: string;
  headers?: Record<string, string>;
  /** Whole download, retries included (default 120 000 ms). */
  timeoutMs?: number;
  /** Longest wait for the connection or the next bytes (default 30 000 ms); a stall counts as a dropped connection. */
  stallTimeoutMs?: number;
  /** Further attempts after a dropped connection (default 1). HTTP errors and hash mismatches are not retried. */
  retries?: number;
  onProgress?: (p: DownloadProgress) => void;
  /** Minimum ms between progress events (default 1000). */
  progressIntervalMs?: number;
}

export type DownloadFailure = 'http' | 'timeout' | 'network' | 'hash-mismatch';

/** Messages leave the URL out: the caller says what was downloaded from where (and wraps this in a LocalnetError). */
export class DownloadError extends SubnetkitError<'LOCALNET_DOWNLOAD_FAILED'> {
  override name = 'DownloadError';
  readonly kind: DownloadFailure;

  constructor(kind: DownloadFailure, shortMessage: string, parameters?: SubnetkitErrorParameters) {
    super('LOCALNET_DOWNLOAD_FAILED', shortMessage, parameters);
    this.kind = kind;
  }
}

/** `1.4 of 2.8 MB (50%) at 3.1 MB/s`, for progress lines. */
export function formatDownloadProgress(p: DownloadProgress): string {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const size = p.total
    ? `${mb(p.received)} of ${mb(p.total)} MB (${Math.floor((100 * p.received) / p.total)}%)`
    : `${mb(p.received)} MB`;
  const speed = p.bytesPerSecond > 0 ? ` at ${mb(p.bytesPerSecond)} MB/s` : '';
  return `${p.done ? 'downloaded' : 'downloading'} ${size}${speed}`;
}

/** Returns the verified bytes, which are also at `dest`. */
export async function downloadVerified(opts: VerifiedDownloadOptions): Promise<Buffer> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const stallMs = opts.stallTimeoutMs ?? 30_000;
  const retries = opts.retries ?? 1;
  const interval = opts.progressIntervalMs ?? 1000;
  await mkdir(dirname(opts.dest), { recursive: true });

  // The shared part file is claimed by renaming it to a name of our own, so two concurrent runs never write one file.
  const sharedPart = `${opts.dest}.part`;
  const ownPart = `${opts.dest}.${process.pid}.${randomBytes(4).toString('hex')}.part`;
  try {
    renameSync(sharedPart, ownPart);
  } catch {
    closeSync(openSync(ownPart, 'w'));
  }

  const deadline = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  let startSize = sizeOf(ownPart);
  let total: number | undefined;
  let lastEvent = 0;
  const progress = (received: number, done: boolean) => {
    const now = performance.now();
    if (!done && now - lastEvent < interval) return;
    lastEvent = now;
    const secs = Math.max((now - started) / 1000, 1e-3);
    opts.onProgress?.({
      url: opts.url,
      received,
      total,
      bytesPerSecond: Math.round((received - startSize) / secs),
      done,
    });
  };

  try {
    for (let attempt = 0; ; attempt++) {
      try {
        total = await transfer(opts, ownPart, deadline, stallMs, timeoutMs, (received, size) => {
          total = size;
          progress(received, false);
        });
        break;
      } catch (err) {
        const e = err as DownloadError;
        if (e.kind === 'network' && attempt < retries && !deadline.aborted) {
          if (sizeOf(ownPart) === 0) startSize = 0;
          continue;
        }
        throw e;
      }
    }
    const bytes = readFileSync(ownPart);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== opts.sha256) {
      rmSync(ownPart, { force: true });
      throw new DownloadError(
        'hash-mismatch',
        `the file (${bytes.length} bytes) has sha256 ${sha256}, expected ${opts.sha256}; it was discarded`,
      );
    }
    renameSync(ownPart, opts.dest);
    progress(bytes.length, true);
    return bytes;
  } catch (err) {
    // Keep what arrived for the next run to resume; an empty or discarded part is simply removed.
    if (sizeOf(ownPart) > 0) {
      try {
        renameSync(ownPart, sharedPart);
      } catch {
        rmSync(ownPart, { force: true });
      }
    } else rmSync(ownPart, { force: true });
    throw err;
  }
}

/** One HTTP request appending to `part` (resuming from its size). Returns the full size when known. */
async function transfer(
  opts: VerifiedDownloadOptions,
  part: string,
  deadline: AbortSignal,
  stallMs: number,
  timeoutMs: number,
  onBytes: (received: number, total: number | undefined) => void,
): Promise<number | undefined> {
  let offset = sizeOf(part);
  const stall = new AbortController();
  let stallTimer = setTimeout(() => stall.abort(), stallMs);
  const resetStall = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => stall.abort(), stallMs);
  };
  const signal = AbortSignal.any([deadline, stall.signal]);
  const failure = (err: unknown, received: number, total: number | undefined): DownloadError => {
    if (err instanceof DownloadError) return err;
    const got = `${received}${total ? ` of ${total}` : ''} bytes received`;
    if (deadline.aborted) {
      return new DownloadError('timeout', `it timed out after ${timeoutMs} ms (${got})`, {
        cause: err,
      });
    }
    const why = stall.signal.aborted ? `no data for ${stallMs} ms` : describeNetworkError(err);
    return new DownloadError('network', `${why} (${got})`, { cause: err });
  };

  let res: Response;
  try {
    res = await fetch(opts.url, {
      headers: { ...opts.headers, ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) },
      signal,
      redirect: 'follow',
    });
  } catch (err) {
    clearTimeout(stallTimer);
    throw failure(err, offset, undefined);
  }
  const fd = openSync(part, 'r+');
  let received = offset;
  let total: number | undefined;
  try {
    if (res.status === 206 && offset > 0 && rangeStart(res.headers.get('content-range')) === offset) {
      total = rangeTotal(res.headers.get('content-range'));
    } else if (res.status === 416 && offset > 0) {
      // The part is longer than the file (it changed on the server): start again from zero.
      await res.body?.cancel();
      closeSync(openSync(part, 'w'));
      throw new DownloadError('network', `the server refused to resume at byte ${offset}`);
    } else if (res.ok) {
      offset = 0; // the server sent the whole file: overwrite the part
      received = 0;
      const len = Number(res.headers.get('content-length'));
      total = Number.isFinite(len) && len > 0 ? len : undefined;
      closeSync(openSync(part, 'w'));
    } else {
      await res.body?.cancel().catch(() => undefined);
      throw new DownloadError(
        'http',
        `the server answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`,
      );
    }
    onBytes(received, total);
    if (!res.body) throw new DownloadError('network', 'the server sent no body');
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      resetStall();
      writeSync(fd, chunk, 0, chunk.length, received);
      received += chunk.length;
      onBytes(received, total);
    }
    if (total !== undefined && received < total) {
      throw new DownloadError('network', `the connection closed early (${received} of ${total} bytes received)`);
    }
    return total ?? received;
  } catch (err) {
    throw failure(err, received, total);
  } finally {
    clearTimeout(stallTimer);
    closeSync(fd);
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** `bytes 100-199/200` → 100 */
function rangeStart(header: string | null): number | undefined {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header ?? '');
  return m ? Number(m[1]) : undefined;
}

function rangeTotal(header: string | null): number | undefined {
  const m = /\/(\d+)$/.exec(header ?? '');
  return m ? Number(m[1]) : undefined;
}

/** fetch reports "fetch failed" with the useful part (ENOTFOUND, ECONNREFUSED, ...) in its cause. */
function describeNetworkError(err: unknown): string {
  const e = err as Error & { cause?: Error & { code?: string } };
  const cause = e?.cause;
  if (cause?.code)
    return cause.message?.includes(cause.code) ? cause.message : `${cause.code} ${cause.message ?? ''}`.trim();
  return cause?.message ?? e?.message ?? String(err);
}
