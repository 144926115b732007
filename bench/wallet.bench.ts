/**
 * Wallet figures: sr25519 sign and verify (the axon verifies one signature per request), plus one real `$NACL`
 * unlock (Argon2i, 8 passes × 512 MiB in a worker) and how late the main thread's timers ran meanwhile.
 * Prints one JSON line. Set WALLET_BENCH_SKIP_NACL=1 to skip the multi-second unlock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyfile, Keypair, verifySignature } from '@subnetkit/wallet';

function perOp(n: number, fn: (i: number) => void): number {
  for (let i = 0; i < Math.min(50, n); i++) fn(i); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

const alice = await Keypair.fromUri('//Alice');
const message = `1700000000123456789.${alice.address}.5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty.7c9e6679-7425-40de-944b-e07fc1f90ae7.4fae6364bdbf7a0def40e782ea7656d4bc96dd42a6eaf71d62b977d74e733ecf`;
const sig = alice.signHex(message);
const n = 500;
const signUs = perOp(n, (i) => alice.sign(`${message}${i}`));
const verifyUs = perOp(n, () => {
  if (!verifySignature(message, sig, alice.address)) throw new Error('verify failed');
});

const figures: Record<string, unknown> = {
  bench: 'wallet',
  sign_us_per_op: Number(signUs.toFixed(1)),
  verify_us_per_op: Number(verifyUs.toFixed(1)),
};

if (!process.env.WALLET_BENCH_SKIP_NACL) {
  const dir = await mkdtemp(join(tmpdir(), 'wallet-bench-'));
  try {
    const file = new Keyfile(join(dir, 'coldkey'));
    await file.setKeypair(alice, { encrypt: true, password: 'bench-password' });
    let worstLagMs = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      worstLagMs = Math.max(worstLagMs, now - last - 10);
      last = now;
    }, 10);
    const start = Date.now();
    await file.getKeypair({ password: 'bench-password' });
    figures.nacl_unlock_ms = Date.now() - start;
    clearInterval(timer);
    figures.main_thread_worst_timer_lag_ms = worstLagMs;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(JSON.stringify(figures));
