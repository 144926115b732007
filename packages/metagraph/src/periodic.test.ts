import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startPeriodicSync } from './periodic.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls until `cond` holds (a loaded machine may be slow), failing after 10 s. */
async function until(cond: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await tick(5);
  }
}

describe('startPeriodicSync', () => {
  it('syncs repeatedly without overlap, survives failures, and stops', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    const errors: unknown[] = [];
    const target = {
      async sync() {
        calls++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await tick(15); // slower than the interval: a timer-based loop would overlap here
        inFlight--;
        if (calls === 2) throw new Error('node went away');
      },
    };
    const loop = startPeriodicSync(target, { intervalMs: 5, onError: (e) => errors.push(e) });
    await until(() => loop.syncs >= 3, 'three successful syncs');
    await loop.close();
    assert.equal(loop.running, false);
    assert.equal(maxInFlight, 1);
    assert.ok(loop.syncs >= 3, `syncs ${loop.syncs}`);
    assert.equal(loop.failures, 1);
    assert.match(String(errors[0]), /node went away/);
    const after = calls;
    await tick(40);
    assert.equal(calls, after, 'no sync after stop()');
  });

  it('stops when the signal aborts, and a throwing onSync is reported, not fatal', async () => {
    const ac = new AbortController();
    let n = 0;
    const loop = startPeriodicSync(
      { sync: async () => void n++ },
      {
        intervalMs: 1,
        signal: ac.signal,
        onSync: () => {
          throw new Error('handler bug');
        },
      },
    );
    await until(() => n >= 2 && loop.lastError !== undefined, 'two syncs');
    ac.abort();
    await until(() => !loop.running, 'the loop to stop');
    assert.ok(n >= 2);
    assert.match(String(loop.lastError), /handler bug/);
  });

  it('rejects a bad interval', () => {
    assert.throws(() => startPeriodicSync({ sync: async () => undefined }, { intervalMs: -1 }), {
      code: 'METAGRAPH_INVALID_INPUT',
    });
  });

  it('`await using` stops the loop at the end of the scope', async () => {
    let n = 0;
    let escaped: { running: boolean } | undefined;
    {
      await using loop = startPeriodicSync({ sync: async () => void n++ }, { intervalMs: 1 });
      escaped = loop;
      await until(() => n >= 1, 'a first sync');
      assert.equal(loop.running, true);
    }
    assert.equal(escaped?.running, false);
    const after = n;
    await tick(30);
    assert.equal(n, after, 'no sync after the scope ended');
  });
});
