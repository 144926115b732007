/**
 * The README example, runnable: `node --import tsx packages/synapse/examples/roundtrip.ts`.
 * A dendrite builds and signs a request; an axon parses the headers, verifies the signature and nonce, parses the
 * body and checks its hash; the dendrite merges the answer. No network: the "wire" is the header list and body text.
 */
import {
  bodyHash,
  decodeJsonBody,
  defineSynapse,
  encodeJsonBody,
  fromHeaders,
  type InferSynapse,
  mergeResponse,
  NonceGenerator,
  NonceStore,
  PROTOCOL_VERSION,
  parseJson,
  signatureToHex,
  signedMessage,
  t,
  toHeaders,
  verifyRequestSignature,
} from '@subnetkit/synapse';
import { Keypair } from '@subnetkit/wallet';

// class Dummy(bt.Synapse): input: int; output: Optional[int] = None; required_hash_fields = ("input",)
const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { input: t.int(), output: t.int().optional() },
  hashFields: ['input'],
  deserialize: (s) => s.output,
});
type Dummy = InferSynapse<typeof Dummy>;

export async function main(log: (line: string) => void = console.log): Promise<number | null> {
  const alice = await Keypair.fromUri('//Alice'); // the validator (dendrite)
  const bob = await Keypair.fromUri('//Bob'); // the miner (axon)

  // Dendrite: fill terminal info, hash, sign.
  const nonces = new NonceGenerator();
  const request: Dummy = Dummy.create({
    input: 5,
    timeout: 12,
    dendrite: {
      ip: '127.0.0.1',
      version: PROTOCOL_VERSION,
      nonce: nonces.next(),
      uuid: crypto.randomUUID(),
      hotkey: alice.address,
    },
    axon: { ip: '127.0.0.1', port: 8091, hotkey: bob.address },
  });
  const message = signedMessage({
    nonce: request.dendrite.nonce!,
    dendriteHotkey: alice.address,
    axonHotkey: bob.address,
    uuid: request.dendrite.uuid!,
    bodyHash: bodyHash(Dummy, request),
  });
  request.dendrite.signature = signatureToHex(alice.sign(message));
  const headers = toHeaders(Dummy, request);
  const body = encodeJsonBody(Dummy, request);
  log(`request body hash ${headers.find(([k]) => k === 'computed_body_hash')![1]}`);

  // Axon: headers first (verify before reading the body), then the body.
  const header = fromHeaders(Dummy, headers);
  const verdict = verifyRequestSignature(header, bob.address);
  const nonceStore = new NonceStore();
  const key = `${header.dendrite.hotkey}:${header.dendrite.uuid}`;
  const fresh = nonceStore.check({
    key,
    nonce: header.dendrite.nonce,
    timeout: header.timeout,
    version: header.dendrite.version,
  });
  if (!verdict.ok || !fresh.ok) throw new Error('verification failed');
  nonceStore.commit(key, header.dendrite.nonce!);
  const received = decodeJsonBody(Dummy, body);
  if (bodyHash(Dummy, received) !== header.computed_body_hash) throw new Error('hash mismatch');
  log(`axon verified ${verdict.form} signature from ${header.dendrite.hotkey}`);

  // The forward, then the response as a Python axon would send it.
  received.output = received.input * 2;
  received.axon.status_code = 200;
  received.axon.status_message = 'Success';
  const responseBody = encodeJsonBody(Dummy, received, 'compact');
  const responseHeaders = toHeaders(Dummy, received);

  // Dendrite: merge and deserialize.
  const merged = mergeResponse(Dummy, request, {
    status: 200,
    headers: responseHeaders,
    body: parseJson(responseBody),
  });
  const value = Dummy.deserialize(merged);
  log(`dendrite got status ${merged.dendrite.status_code}, output ${value}`);
  return value;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
