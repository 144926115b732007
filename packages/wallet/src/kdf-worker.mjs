// Runs one slow key derivation off the main thread (Argon2i at 512 MiB takes seconds; so does PBKDF2 at 10M
// iterations). Plain JavaScript on purpose: a worker does not inherit the tsx loader when the CLI registers it
// programmatically, so this file must load in bare Node.
import { pbkdf2Sync } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { argon2i } from 'hash-wasm';

async function derive(req) {
  if (req.alg === 'argon2i') {
    return argon2i({
      password: req.password,
      salt: req.salt,
      iterations: req.iterations,
      memorySize: req.memoryKiB,
      parallelism: req.parallelism,
      hashLength: req.keyLength,
      outputType: 'binary',
    });
  }
  if (req.alg === 'pbkdf2-sha256') {
    return new Uint8Array(pbkdf2Sync(req.password, req.salt, req.iterations, req.keyLength, 'sha256'));
  }
  throw new Error(`unknown kdf ${String(req.alg)}`);
}

try {
  const key = await derive(workerData);
  workerData.password.fill(0);
  parentPort.postMessage({ key }, [key.buffer]);
} catch (err) {
  parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
