/**
 * @subnetkit/synapse hot paths: body hash, header encode/decode, JSON body encode/decode, signature verification.
 * Prints one JSON line of operations per CPU-second.
 */
import {
  bodyHash,
  decodeJsonBody,
  defineSynapse,
  encodeJsonBody,
  fromHeaders,
  signatureVerifierReady,
  t,
  toHeaders,
  verifyRequestSignature,
} from '@subnetkit/synapse';

const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { input: t.int(), output: t.int().optional() },
  hashFields: ['input'],
});
const Chat = defineSynapse({
  name: 'Chat',
  fields: {
    messages: t.list(t.object({ role: t.str(), content: t.str() })),
    temperature: t.float().default(0.7),
    scores: t.list(t.float()).default([]),
    completion: t.str().optional(),
  },
  hashFields: ['messages', 'temperature', 'scores'],
});

// A real request from the Python capture: signature by //Alice for axon //Bob.
const terminal = {
  dendrite: {
    ip: '127.0.0.1',
    version: 10002000,
    nonce: 1795304537608313210n,
    uuid: '2fa3f7e2-e605-11f1-84c0-02fc00000001',
    hotkey: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
    signature:
      '0xcc7b9d879acefb9b454eb42c5df9b2ad53cd007e0cdab70ce669dda76ccfc349efc536631d342f3cd4bd729d6b5b16e8c3025cdf92e33132cce13e5166d7da8f',
  },
  axon: { ip: '127.0.0.1', port: 18092, hotkey: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty' },
};
const dummy = Dummy.create({ input: 5, total_size: 3027, ...terminal });
const chat = Chat.create({
  messages: Array.from({ length: 8 }, (_, i) => ({
    role: i % 2 ? 'assistant' : 'user',
    content: `message ${i} `.repeat(40),
  })),
  scores: Array.from({ length: 64 }, (_, i) => i / 7),
  ...terminal,
});
const dummyHeaders = toHeaders(Dummy, dummy);
const chatBody = encodeJsonBody(Chat, chat);

/**
 * Operations per second of CPU time (user + system of this process), which a loaded shared machine distorts far less
 * than wall-clock time.
 */
function opsPerSec(fn: () => unknown, minMs = 300): number {
  for (let i = 0; i < 50; i++) fn();
  let n = 0;
  const start = process.cpuUsage();
  let cpuMs = 0;
  while (cpuMs < minMs) {
    for (let i = 0; i < 20; i++) fn();
    n += 20;
    const d = process.cpuUsage(start);
    cpuMs = (d.user + d.system) / 1000;
  }
  return Math.round((n / cpuMs) * 1000);
}

const header = fromHeaders(Dummy, dummyHeaders);
console.log(
  JSON.stringify({
    bench: 'synapse',
    unit: 'ops per CPU-second',
    node: process.version,
    body_hash_dummy_ops: opsPerSec(() => bodyHash(Dummy, dummy)),
    body_hash_chat_ops: opsPerSec(() => bodyHash(Chat, chat)),
    to_headers_dummy_ops: opsPerSec(() => toHeaders(Dummy, dummy)),
    from_headers_dummy_ops: opsPerSec(() => fromHeaders(Dummy, dummyHeaders)),
    json_encode_chat_ops: opsPerSec(() => encodeJsonBody(Chat, chat)),
    json_decode_chat_ops: opsPerSec(() => decodeJsonBody(Chat, chatBody)),
    chat_body_bytes: Buffer.byteLength(chatBody),
    verify_signature_js_ops: opsPerSec(() => verifyRequestSignature(header, terminal.axon.hotkey), 500),
    verify_signature_wasm_ops: await signatureVerifierReady().then(() =>
      opsPerSec(() => verifyRequestSignature(header, terminal.axon.hotkey), 500),
    ),
  }),
);
