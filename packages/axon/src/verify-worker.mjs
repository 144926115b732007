// Worker thread of the verification pool: sr25519 checks off the event loop.
// In:  an array of jobs { id, message, signature: Uint8Array(64), publicKey: Uint8Array(32) }
// Out: an array of answers { id, result: 'raw' | 'wrapped' | false }
import { parentPort } from 'node:worker_threads';
import { sr25519Ready, verifySr25519 } from './sr25519-verify.mjs';

await sr25519Ready();
parentPort.on('message', (jobs) => {
  parentPort.postMessage(
    jobs.map((job) => ({ id: job.id, result: verifySr25519(job.message, job.signature, job.publicKey) })),
  );
});
parentPort.postMessage('ready');
