/** Streaming (spec §5.4): raw chunks decoded by a framing, then the completed synapse as the last item. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Synapse, toHeaders } from '@subnetkit/synapse';
import { rawFraming, textFraming } from './framing.js';
import { DummyStream, dendriteSuite, keys, listen, pythonLikeAxon } from './testing/fake-axon.js';

type DummyStreamSynapse = Synapse<(typeof DummyStream)['fields']>;

/** Streams like the captured Python axon: 200, text/event-stream, synapse headers first, then raw chunks. */
function streamingAxon(chunks: (string | Buffer)[], gapMs = 5, hang = false) {
  return (_req: unknown, body: Buffer, res: import('node:http').ServerResponse) => {
    const s = DummyStream.fromBody(JSON.parse(body.toString()));
    s.axon.status_code = 200;
    s.axon.status_message = 'Success';
    s.axon.process_time = 0.0001;
    const headers: string[] = ['content-type', 'text/event-stream'];
    for (const [k, v] of toHeaders(DummyStream, s)) headers.push(k, v);
    res.writeHead(200, headers);
    let i = 0;
    const next = () => {
      if (i < chunks.length) {
        res.write(chunks[i++]);
        setTimeout(next, gapMs);
      } else if (!hang) res.end();
    };
    next();
  };
}

describe('stream', () => {
  const suite = dendriteSuite();
  const { servers, target } = suite;

  test('yields chunks as they arrive, then the completed synapse with the tokens collected', async () => {
    // 150 ms between chunks: the first must reach the caller well before the stream ends (no buffering).
    const s = await listen(streamingAxon(['tok0 ', 'tok1 ', 'tok2 '], 150));
    servers.push(s);
    const items: unknown[] = [];
    const at: number[] = [];
    for await (const item of suite.dendrite.stream(
      target(s),
      DummyStream,
      { count: 3 },
      {
        deserialize: false,
        framing: textFraming<(typeof DummyStream)['fields']>((syn, tok) => syn.tokens.push(tok)),
      },
    )) {
      items.push(item);
      at.push(performance.now());
    }
    const chunks = items.slice(0, -1) as string[];
    const final = items.at(-1) as DummyStreamSynapse;
    // TCP may merge chunks that arrive together; what the axon sent is what the caller gets, in order.
    assert.ok(chunks.every((c) => typeof c === 'string'));
    assert.equal(chunks.join(''), 'tok0 tok1 tok2 ');
    assert.ok(at.at(-1)! - at[0]! >= 150, 'the first chunk was yielded before the stream ended');
    assert.deepEqual(final.tokens.join(''), 'tok0 tok1 tok2 ');
    assert.deepEqual(final.tokens, chunks);
    assert.equal(final.dendrite.status_code, 200);
    assert.equal(final.dendrite.status_message, 'Success');
    assert.equal(final.axon.process_time, 0.0001);
    assert.ok(final.dendrite.process_time! > 0);
  });

  test('a UTF-8 character split across chunks is decoded whole; raw framing gives the bytes', async () => {
    const euro = Buffer.from('€', 'utf8'); // 3 bytes
    const s = await listen(
      streamingAxon([Buffer.concat([Buffer.from('a'), euro.subarray(0, 1)]), euro.subarray(1), Buffer.from('b')]),
    );
    servers.push(s);
    const text: string[] = [];
    for await (const item of suite.dendrite.stream(target(s), DummyStream, {}))
      if (typeof item === 'string') text.push(item);
    assert.equal(text.join(''), 'a€b');
    assert.ok(!text.some((t) => t.includes('\ufffd')), 'no replacement character');
    const bytes: Uint8Array[] = [];
    for await (const item of suite.dendrite.stream(target(s), DummyStream, {}, { framing: rawFraming() }))
      if (item instanceof Uint8Array) bytes.push(item);
    assert.equal(Buffer.concat(bytes).toString('utf8'), 'a€b');
  });

  test('an error answer (401 JSON) yields no chunks and a final synapse with the status', async () => {
    const s = await listen(pythonLikeAxon({ hotkey: (await keys.charlie()).address, defs: [DummyStream as never] }));
    servers.push(s);
    const items: unknown[] = [];
    for await (const item of suite.dendrite.stream(target(s), DummyStream, {}, { deserialize: false }))
      items.push(item);
    assert.equal(items.length, 1);
    const final = items[0] as DummyStreamSynapse;
    assert.equal(final.dendrite.status_code, 401);
    assert.match(final.dendrite.status_message!, /^Not Verified with error/);
  });

  test('the timeout covers the whole stream: chunks so far, then a final 408', async () => {
    const s = await listen(streamingAxon(['a', 'b'], 5, true));
    servers.push(s);
    const items: unknown[] = [];
    for await (const item of suite.dendrite.stream(target(s), DummyStream, {}, { timeout: 2, deserialize: false }))
      items.push(item);
    // Text framing: two chunks 5 ms apart may arrive as one read on a loaded machine; the text is what counts.
    assert.equal(items.slice(0, -1).join(''), 'ab');
    const final = items.at(-1) as DummyStreamSynapse;
    assert.equal(final.dendrite.status_code, 408);
    assert.equal(final.dendrite.status_message, 'Request timeout after 2.0 seconds');
  });

  test('breaking out of the loop closes the connection and frees the slot', async () => {
    let closed = false;
    const s = await listen((req, body, res) => {
      res.on('close', () => {
        closed = true;
      });
      streamingAxon(['x', 'y', 'z'], 20, true)(req, body, res);
    });
    servers.push(s);
    for await (const item of suite.dendrite.stream(target(s), DummyStream, {})) {
      assert.match(String(item), /^x/); // 'x', or 'xy' when two chunks arrive in one read
      break;
    }
    // Waits for the server's close event (a fixed 100 ms was too short on a loaded machine).
    for (let i = 0; i < 100 && !closed; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(closed, 'the server saw the connection close');
    assert.equal(suite.dendrite.load.inFlight, 0);
  });
});
