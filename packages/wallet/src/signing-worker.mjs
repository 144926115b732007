// Signs batches of messages for a SigningPool (signing-pool.ts) off the main thread. Plain JavaScript on purpose:
// a worker does not inherit the tsx loader when it is registered programmatically, so this file loads in bare Node.
// The secret key arrives once through workerData and never leaves this thread; nothing here logs.
import { parentPort, workerData } from 'node:worker_threads';
import { sr25519Sign, waitReady } from '@polkadot/wasm-crypto';

const { publicKey, secretKey } = workerData;
const encoder = new TextEncoder();
const ready = waitReady();
// Tell the pool once signing can start; until then it signs on its own thread.
ready.then(() => parentPort.postMessage({ ready: true }));

parentPort.on('message', async (batch) => {
  await ready;
  // One transferable buffer for the whole batch: one copy-free message back instead of one per signature.
  const out = new Uint8Array(batch.messages.length * 64);
  try {
    for (let i = 0; i < batch.messages.length; i++) {
      const m = batch.messages[i];
      out.set(sr25519Sign(publicKey, secretKey, typeof m === 'string' ? encoder.encode(m) : m), i * 64);
    }
    parentPort.postMessage({ id: batch.id, signatures: out }, [out.buffer]);
  } catch (err) {
    parentPort.postMessage({ id: batch.id, error: err instanceof Error ? err.message : String(err) });
  }
});
