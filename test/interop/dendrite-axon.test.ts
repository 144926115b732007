/**
 * A subnetkit Dendrite against subnetkit Axons in this process, over real sockets on 127.0.0.1: the bittensor
 * scheme with JSON and msgpack bodies, Epistula v2, streaming, frozen fields, the ping route, error statuses
 * produced by the axon, and repeated forwards to several axons (nonces accepted by real nonce stores).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Axon } from '@subnetkit/axon';
import { Dendrite, textFraming } from '@subnetkit/dendrite';
import { BaseSynapse, defineSynapse, t } from '@subnetkit/synapse';
import { Keypair } from '@subnetkit/wallet';
import { Dummy, DummyStream } from '../../examples/dummy/protocol.js';

// Floats (integral ones included) are hashed with Python str(): the body hash survives JSON and msgpack only if
// `1.0` stays a float on the way.
const Vec = defineSynapse({
  name: 'Vec',
  fields: { values: t.list(t.float()), label: t.str().frozen(), sum: t.float().optional() },
  hashFields: ['values', 'label'],
});
const Slow = defineSynapse({ name: 'Slow', fields: { ms: t.int() }, hashFields: ['ms'] });
const NotServed = defineSynapse({ name: 'NotServed', fields: {} });

describe('dendrite → axon, in process', () => {
  const axons: Axon[] = [];
  let alice: Keypair;
  let eve: Keypair;
  let dendrite: Dendrite;
  const target = (a: Axon) => ({ ip: '127.0.0.1', port: a.port, hotkey: a.hotkey });

  before(async () => {
    alice = await Keypair.fromUri('//Alice');
    eve = await Keypair.fromUri('//Eve');
    for (const uri of ['//Bob', '//Charlie', '//Dave']) {
      const axon = new Axon({ signer: await Keypair.fromUri(uri), port: 0, ip: '127.0.0.1', verifyThreads: 0 });
      axon.attach(Dummy, (s) => {
        s.output = s.input * 2;
        return s;
      });
      axon.attach(DummyStream, async function* (s) {
        for (let i = 0; i < s.count; i++) {
          yield `tok${i} `;
          await new Promise((r) => setTimeout(r, 5));
        }
      });
      axon.attach(Vec, (s) => {
        s.sum = s.values.reduce((a, b) => a + b, 0);
        s.label = 'changed by the miner';
        return s;
      });
      axon.attach(
        Slow,
        async (s, { signal }) => {
          await new Promise((r) => {
            const timer = setTimeout(r, s.ms);
            signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
          });
          return s;
        },
        // Hooks see the header synapse (required fields are placeholders), so this one decides on the caller.
        { blacklist: (_s, ctx) => [ctx.hotkey === eve.address, 'eve is not welcome'] },
      );
      await axon.start();
      axons.push(axon);
    }
    dendrite = new Dendrite({ signer: alice });
  });

  after(async () => {
    await dendrite.close();
    await Promise.all(axons.map((a) => a.stop(1000)));
  });

  test('JSON: call, deserialize, and the default Synapse ping route', async () => {
    assert.equal(await dendrite.call(target(axons[0]!), Dummy, { input: 21 }), 42);
    const ping = await dendrite.call(target(axons[0]!), BaseSynapse, {}, { deserialize: false });
    assert.equal(ping.dendrite.status_code, 200);
    assert.equal(ping.axon.status_code, 200);
  });

  test('forward to three axons, three rounds: every request accepted (nonces strictly increase per axon)', async () => {
    for (let round = 1; round <= 3; round++) {
      const out = await dendrite.forward(axons.map(target), Dummy, { input: round }, { deserialize: false });
      assert.deepEqual(
        out.map((s) => [s.dendrite.status_code, s.output, s.axon.hotkey]),
        axons.map((a) => [200, round * 2, a.hotkey]),
      );
    }
  });

  test('msgpack bodies: floats keep their Python form through the hash, frozen field kept', async () => {
    const mp = new Dendrite({ signer: alice, bodyFormat: 'msgpack' });
    try {
      const out = await mp.call(
        target(axons[1]!),
        Vec,
        { values: [1.0, 2.5, -3], label: 'mine' },
        { deserialize: false },
      );
      assert.equal(out.dendrite.status_code, 200, out.dendrite.status_message ?? '');
      assert.equal(out.sum, 0.5);
      assert.equal(out.label, 'mine', 'a frozen field is never taken from the answer');
      assert.equal(await mp.call(target(axons[1]!), Dummy, { input: 8 }), 16);
    } finally {
      await mp.close();
    }
    const json = await dendrite.call(
      target(axons[1]!),
      Vec,
      { values: [1.0, 2.5, -3], label: 'mine' },
      { deserialize: false },
    );
    assert.equal(json.dendrite.status_code, 200);
    assert.equal(json.sum, 0.5);
    assert.equal(json.label, 'mine');
  });

  // Each Epistula request carries four signatures (the request and three secrets): signed on the event loop, or on
  // the dendrite's signing pool and put back in order.
  for (const signingThreads of [0, 2]) {
    test(`Epistula v2 (signingThreads ${signingThreads}): accepted when signed for the axon, 401 when signed for another hotkey`, async () => {
      const ep = new Dendrite({ signer: alice, scheme: 'epistula', signingThreads });
      try {
        const out = await ep.forward(axons.map(target), Dummy, { input: 4 }, { deserialize: false });
        assert.deepEqual(
          out.map((s) => s.dendrite.status_code),
          [200, 200, 200],
        );
        assert.deepEqual(
          out.map((s) => s.output),
          [8, 8, 8],
        );
        const again = await ep.call(target(axons[0]!), Dummy, { input: 5 });
        assert.equal(again, 10, 'a second request from the same dendrite is not taken for a replay');
        const wrong = await ep.call(
          { ...target(axons[0]!), hotkey: axons[1]!.hotkey },
          Dummy,
          { input: 4 },
          { deserialize: false },
        );
        assert.equal(wrong.dendrite.status_code, 401);
        assert.match(wrong.dendrite.status_message!, /^Not Verified with error: Epistula/);
      } finally {
        await ep.close();
      }
    });
  }

  test('streaming: chunks then the completed synapse with the axon headers merged', async () => {
    const items: unknown[] = [];
    for await (const item of dendrite.stream(
      target(axons[2]!),
      DummyStream,
      { count: 4 },
      {
        deserialize: false,
        framing: textFraming<(typeof DummyStream)['fields']>((s, tok) => s.tokens.push(tok)),
      },
    ))
      items.push(item);
    const final = items.at(-1) as { tokens: string[]; dendrite: { status_code: number }; axon: { hotkey: string } };
    assert.equal((items.slice(0, -1) as string[]).join(''), 'tok0 tok1 tok2 tok3 ');
    assert.equal(final.tokens.join(''), 'tok0 tok1 tok2 tok3 ');
    assert.equal(final.dendrite.status_code, 200);
    assert.equal(final.axon.hotkey, axons[2]!.hotkey);
  });

  test('statuses produced by the axon: 401 wrong target, 403 blacklist, 404 unknown, 408 timeout', async () => {
    const a = target(axons[0]!);
    const wrong = await dendrite.call({ ...a, hotkey: axons[2]!.hotkey }, Dummy, { input: 1 }, { deserialize: false });
    assert.equal(wrong.dendrite.status_code, 401);
    const eveDendrite = new Dendrite({ signer: eve });
    const black = await eveDendrite.call(a, Slow, { ms: 1 }, { deserialize: false });
    await eveDendrite.close();
    assert.equal(black.dendrite.status_code, 403);
    assert.equal(black.dendrite.status_message, 'Forbidden. Key is blacklisted: eve is not welcome.');
    const unknown = await dendrite.call(a, NotServed, {}, { deserialize: false });
    assert.equal(unknown.dendrite.status_code, 404);
    assert.match(unknown.dendrite.status_message!, /^Synapse name 'NotServed' not found/);
    const slow = await dendrite.call(a, Slow, { ms: 5000 }, { timeout: 1, deserialize: false });
    assert.equal(slow.dendrite.status_code, 408);
    // Either the axon's own enforcement answered first or the client's timer fired: both are 408.
    assert.match(
      slow.dendrite.status_message!,
      /^(Response timeout after: 1(\.0)?s|Request timeout after 1\.0 seconds)$/,
    );
  });
});
