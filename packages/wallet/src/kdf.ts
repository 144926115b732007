/**
 * Slow key derivations (Argon2i for `$NACL`, PBKDF2 for legacy Fernet) run in a short-lived worker thread: the main
 * thread keeps serving (an axon stays responsive while a coldkey unlocks), and the worker's 512 MiB are returned to
 * the OS as soon as it exits. At most `MAX_CONCURRENT` derivations run at once; further callers wait in a bounded
 * queue.
 */
import { Worker } from 'node:worker_threads';
import { WalletError } from './errors.js';

export interface Argon2iParams {
  alg: 'argon2i';
  iterations: number;
  memoryKiB: number;
  parallelism: number;
  keyLength: number;
}

export interface Pbkdf2Params {
  alg: 'pbkdf2-sha256';
  iterations: number;
  keyLength: number;
}

export type KdfParams = Argon2iParams | Pbkdf2Params;

/** libsodium `crypto_pwhash_argon2i13` with OPSLIMIT_SENSITIVE / MEMLIMIT_SENSITIVE, as btwallet uses for `$NACL`. */
export const NACL_KDF: Argon2iParams = {
  alg: 'argon2i',
  iterations: 8,
  memoryKiB: 524288,
  parallelism: 1,
  keyLength: 32,
};

/** The fixed `$NACL` salt, `b"\x13q\x83\xdf\xf1Z\t\xbc\x9c\x90\xb5Q\x879\xe9\xb1"`, the same for every file. */
export const NACL_SALT = Uint8Array.from([
  0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc, 0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1,
]);

const MAX_CONCURRENT = 1;
const MAX_WAITING = 32;
let running = 0;
const waiting: (() => void)[] = [];

async function acquire(): Promise<void> {
  if (running < MAX_CONCURRENT) {
    running++;
    return;
  }
  if (waiting.length >= MAX_WAITING) {
    throw new WalletError('WALLET_IO', `too many key derivations queued (${MAX_WAITING}); try again later`);
  }
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

const workerUrl = new URL('./kdf-worker.mjs', import.meta.url);

function runWorker(
  params: KdfParams,
  password: Uint8Array,
  salt: Uint8Array,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    // The worker is plain JS; do not pass our loader flags (e.g. `--import tsx`) into it.
    // workerData is a structured clone; the caller wipes its own copy afterwards.
    const worker = new Worker(workerUrl, {
      workerData: { ...params, password, salt: Uint8Array.from(salt) },
      execArgv: [],
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = () =>
      finish(() => reject(new WalletError('WALLET_IO', 'key derivation aborted', { cause: signal?.reason })));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (msg: { key?: Uint8Array; error?: string }) => {
      if (msg.key) finish(() => resolve(new Uint8Array(msg.key as Uint8Array)));
      else finish(() => reject(new WalletError('WALLET_IO', `key derivation failed: ${msg.error ?? 'unknown error'}`)));
    });
    worker.once('error', (err) =>
      finish(() => reject(new WalletError('WALLET_IO', 'key derivation worker failed', { cause: err }))),
    );
    worker.once('exit', (code) =>
      finish(() => reject(new WalletError('WALLET_IO', `key derivation worker exited early (code ${code})`))),
    );
  });
}

/** Derives a key off the main thread. `password` is UTF-8 encoded when given as a string. */
export async function deriveKey(
  params: KdfParams,
  password: string | Uint8Array,
  salt: Uint8Array,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (signal?.aborted) throw new WalletError('WALLET_IO', 'key derivation aborted', { cause: signal.reason });
  const pw = typeof password === 'string' ? new TextEncoder().encode(password) : Uint8Array.from(password);
  await acquire();
  try {
    // It may have been aborted while waiting for its turn.
    if (signal?.aborted) throw new WalletError('WALLET_IO', 'key derivation aborted', { cause: signal.reason });
    return await runWorker(params, pw, salt, signal);
  } finally {
    pw.fill(0);
    release();
  }
}
