/**
 * The two hooks other packages build on: extra `/health` entries (served models) and forward errors that carry their
 * own HTTP answer (`status` + `expose: true`, as @subnetkit/inference's request errors do).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseJson } from '@subnetkit/synapse';
import { Keypair } from '@subnetkit/wallet';
import { Dummy } from '../../../examples/dummy/protocol.js';
import { Axon } from './axon.js';
import { signRequest } from './test-support.js';

class ExposedError extends Error {
  readonly status: number;
  readonly expose: boolean;
  constructor(status: number, expose: boolean, message: string) {
    super(message);
    this.status = status;
    this.expose = expose;
  }
}

describe('axon extension hooks', () => {
  let alice: Keypair;
  let axon: Axon;
  before(async () => {
    alice = await Keypair.fromUri('//Alice');
    axon = new Axon({ signer: await Keypair.fromUri('//Bob'), port: 0, ip: '127.0.0.1', verifyThreads: 0 });
    axon.attach(Dummy, (s) => {
      if (s.input === 1) throw new ExposedError(422, true, "input 'x': shape [3] does not fit the model's [8]");
      if (s.input === 2) throw new ExposedError(503, true, 'model is overloaded');
      if (s.input === 3) throw new ExposedError(422, false, 'internal detail');
      s.output = s.input * 2;
      return s;
    });
    await axon.start();
  });
  after(() => axon.close());

  async function call(input: number) {
    const r = signRequest(Dummy, { input }, { signer: alice, axonHotkey: axon.hotkey });
    const res = await fetch(`http://127.0.0.1:${axon.port}/Dummy`, {
      method: 'POST',
      headers: r.headers,
      body: r.body,
    });
    return { status: res.status, body: parseJson(await res.text()) as Record<string, unknown> };
  }

  test('a forward error with status and expose is answered with that status and message', async () => {
    const a = await call(1);
    assert.equal(a.status, 422);
    assert.equal(a.body.message, "input 'x': shape [3] does not fit the model's [8]");
    assert.equal((await call(2)).status, 503);
  });

  test('without expose it stays an opaque 500', async () => {
    const a = await call(3);
    assert.equal(a.status, 500);
    assert.doesNotMatch(String(a.body.message), /internal detail/);
    assert.equal((await call(4)).status, 200);
  });

  test('/health carries the registered entries; a throwing report shows its error', async () => {
    assert.deepEqual(await (await fetch(`http://127.0.0.1:${axon.port}/health`)).json(), { status: 'ok' });
    axon.healthEntry('models', () => ({ mlp: { backend: 'onnx', queued: 0 } }));
    axon.healthEntry('broken', () => {
      throw new Error('probe failed');
    });
    const body = await (await fetch(`http://127.0.0.1:${axon.port}/health`)).json();
    assert.deepEqual(body, {
      status: 'ok',
      models: { mlp: { backend: 'onnx', queued: 0 } },
      broken: { error: 'probe failed' },
    });
    assert.throws(() => axon.healthEntry('status', () => 1), /other than 'status'/);
  });
});
