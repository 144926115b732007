/**
 * Many concurrent calls from one Dendrite to one Axon: their nonces come from one generator, but the requests overtake
 * each other (separate connections, the axon's verification workers finish in any order). Every one is an honest
 * first use of its nonce and must be answered 200; a replay of any of them must still be refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Axon } from '@subnetkit/axon';
import { Dendrite } from '@subnetkit/dendrite';
import { Keypair } from '@subnetkit/wallet';
import { Dummy } from '../../examples/dummy/protocol.js';

describe('one Dendrite, 50 concurrent calls to one Axon', () => {
  const axons: Axon[] = [];
  let dendrite: Dendrite;
  const target = (a: Axon) => ({ ip: '127.0.0.1', port: a.port, hotkey: a.hotkey });

  before(async () => {
    // With verification workers (the default: requests finish verifying in any order) and on the event loop.
    for (const [uri, verifyThreads] of [
      ['//Bob', 2],
      ['//Charlie', 0],
    ] as const) {
      const axon = new Axon({ signer: await Keypair.fromUri(uri), port: 0, ip: '127.0.0.1', verifyThreads });
      axon.attach(Dummy, async (s) => {
        await new Promise((r) => setTimeout(r, 1 + (s.input % 7)));
        s.output = s.input * 2;
        return s;
      });
      await axon.start();
      axons.push(axon);
    }
    dendrite = new Dendrite({ signer: await Keypair.fromUri('//Alice') });
    await dendrite.ready();
  });

  after(async () => {
    await dendrite.close();
    await Promise.all(axons.map((a) => a.stop(1000)));
  });

  for (const [i, label] of [
    [0, 'verification workers'],
    [1, 'verification on the event loop'],
  ] as const) {
    test(`${label}: every call is answered 200`, async () => {
      const out = await Promise.all(
        Array.from({ length: 50 }, (_, n) =>
          dendrite.call(target(axons[i]!), Dummy, { input: n }, { deserialize: false, timeout: 60 }),
        ),
      );
      const refused = out.filter((s) => s.dendrite.status_code !== 200);
      assert.deepEqual(
        refused.map((s) => `${s.dendrite.status_code} ${s.dendrite.status_message}`),
        [],
        'no call refused',
      );
      assert.deepEqual(
        out.map((s) => s.output),
        Array.from({ length: 50 }, (_, n) => n * 2),
      );
    });
  }
});
