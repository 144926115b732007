/**
 * Response merging as Python's `process_server_response` (spec §2.5), against node:http servers that answer like
 * the captured Python axon.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeJsonBody, toHeaders } from '@subnetkit/synapse';
import { Dummy, dendriteSuite, Guarded, keys, listen, pythonLikeAxon, sendJson } from './testing/fake-axon.js';

describe('response merging', () => {
  const suite = dendriteSuite();
  const { servers, target } = suite;

  test('200: the server fields land on the local synapse; deserialize returns the hook value', async () => {
    const s = await listen(pythonLikeAxon({ hotkey: suite.bob.address }));
    servers.push(s);
    const full = await suite.dendrite.call(target(s), Dummy, { input: 21 }, { deserialize: false });
    assert.equal(full.output, 42);
    assert.equal(full.input, 21);
    assert.equal(full.dendrite.status_code, 200);
    assert.equal(full.dendrite.status_message, 'Success');
    assert.equal(full.axon.status_code, 200);
    assert.equal(typeof full.axon.process_time, 'number');
    assert.ok(full.dendrite.process_time! > 0 && full.dendrite.process_time! < 5, 'client wall time in seconds');
    assert.ok(full.dendrite.process_time! >= full.axon.process_time!);
    // The echoed dendrite block still holds what was sent.
    assert.equal(full.dendrite.hotkey, suite.alice.address);
    assert.equal(full.dendrite.uuid, suite.dendrite.uuid);
    assert.equal(await suite.dendrite.call(target(s), Dummy, { input: 4 }), 8);
  });

  test('frozen fields and computed_body_hash keep their local values; other fields take the server value', async () => {
    const s = await listen(
      pythonLikeAxon({
        hotkey: suite.bob.address,
        defs: [Guarded as never],
        forward: (syn) => {
          const g = syn as unknown as { prompt: string; answer: string | null; computed_body_hash: string };
          g.answer = `re: ${g.prompt}`;
          g.prompt = 'rewritten by the miner';
        },
      }),
    );
    servers.push(s);
    // The server above changes prompt in its body; here a second server also lies in computed_body_hash.
    const liar = await listen((_req, body, res) => {
      const syn = Guarded.fromBody(JSON.parse(body.toString()));
      syn.prompt = 'rewritten';
      syn.answer = 'ok';
      syn.computed_body_hash = 'f'.repeat(64);
      syn.axon.status_code = 200;
      const text = encodeJsonBody(Guarded, syn, 'compact').replace(
        '"computed_body_hash":""',
        `"computed_body_hash":"${'f'.repeat(64)}"`,
      );
      sendJson(res, 200, [['bt_header_axon_status_code', '200']], text);
    });
    servers.push(liar);
    const out = await suite.dendrite.call(target(s), Guarded, { prompt: 'hello' }, { deserialize: false });
    assert.equal(out.dendrite.status_code, 200);
    assert.equal(out.answer, 're: hello');
    assert.equal(out.prompt, 'hello');
    const out2 = await suite.dendrite.call(target(liar), Guarded, { prompt: 'hello' }, { deserialize: false });
    assert.equal(out2.answer, 'ok');
    assert.equal(out2.prompt, 'hello');
    assert.equal(out2.computed_body_hash, '');
  });

  test('headers win over the body: a status in bt_header_axon_* beats the body and the HTTP status', async () => {
    const s = await listen((_req, body, res) => {
      const syn = Dummy.fromBody(JSON.parse(body.toString()));
      syn.output = 1;
      syn.axon.status_code = 200;
      syn.axon.status_message = 'body says fine';
      const headers = toHeaders(Dummy, {
        ...syn,
        axon: { ...syn.axon, status_code: 404, status_message: 'header says gone', process_time: 0.5 },
      });
      sendJson(res, 200, headers, encodeJsonBody(Dummy, syn, 'compact'));
    });
    servers.push(s);
    const out = await suite.dendrite.call(target(s), Dummy, { input: 3 }, { deserialize: false });
    assert.equal(out.output, 1, 'body fields still merged on HTTP 200');
    assert.equal(out.axon.status_code, 404);
    assert.equal(out.axon.status_message, 'header says gone');
    assert.equal(out.axon.process_time, 0.5);
    assert.equal(out.dendrite.status_code, 404);
    assert.equal(out.dendrite.status_message, 'header says gone');
  });

  test('non-200: status and the body message are taken; the body fields are not', async () => {
    const s = await listen(pythonLikeAxon({ hotkey: (await keys.charlie()).address }));
    servers.push(s);
    // Keyed to Bob while the axon is Charlie: the signature is over the wrong axon hotkey, exactly the Python 401.
    const out = await suite.dendrite.call(target(s), Dummy, { input: 5 }, { deserialize: false });
    assert.equal(out.dendrite.status_code, 401);
    assert.match(out.dendrite.status_message!, /^Not Verified with error: /);
    assert.equal(out.axon.status_code, 401);
    assert.equal(out.output, null);
    assert.equal(typeof out.dendrite.process_time, 'number', 'a parsed non-200 still gets a process time');

    const plain = await listen((_req, _body, res) =>
      sendJson(res, 403, [], '{"message": "Forbidden. Key is blacklisted: no."}'),
    );
    servers.push(plain);
    const out2 = await suite.dendrite.call(target(plain), Dummy, { input: 5 }, { deserialize: false });
    assert.equal(out2.dendrite.status_code, 403);
    assert.equal(out2.dendrite.status_message, 'Forbidden. Key is blacklisted: no.');

    const fastapi422 = await listen((_req, _body, res) => sendJson(res, 422, [], '{"detail": [{"msg": "bad"}]}'));
    servers.push(fastapi422);
    const out3 = await suite.dendrite.call(target(fastapi422), Dummy, { input: 5 }, { deserialize: false });
    assert.equal(out3.dendrite.status_code, 422);
    assert.equal(out3.dendrite.status_message, null);
  });

  test('the caller’s input object is never modified', async () => {
    const s = await listen(pythonLikeAxon({ hotkey: suite.bob.address }));
    servers.push(s);
    const input = Dummy.create({ input: 6 });
    const snapshot = JSON.stringify(input, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    const out = await suite.dendrite.call(target(s), Dummy, input, { deserialize: false });
    assert.equal(out.output, 12);
    assert.notEqual(out, input);
    assert.equal(
      JSON.stringify(input, (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
      snapshot,
    );
  });
});
