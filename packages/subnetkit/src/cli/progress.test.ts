/** Progress: plain stamped lines without a terminal, a spinner redrawn in place with one. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgress } from './progress.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (t: string) => chunks.push(t) } };
}

describe('createProgress', () => {
  it('without a terminal: a line when a step starts and one when it ends, with the elapsed time', async () => {
    let t = 1000;
    const { chunks, stream } = sink(false);
    const p = createProgress({ stream, now: () => t });
    const value = await p.step('connecting to local', async () => {
      t += 1500;
      return 42;
    });
    assert.equal(value, 42);
    await assert.rejects(
      p.step('set_weights', async () => {
        t += 250;
        throw new Error('refused');
      }),
      /refused/,
    );
    p.note('ws listening');
    assert.deepEqual(chunks, [
      '[  0.0s] connecting to local ...\n',
      '[  1.5s] connecting to local: done in 1.5 s\n',
      '[  1.5s] set_weights ...\n',
      '[  1.8s] set_weights: failed after 0.3 s\n',
      '[  1.8s] ws listening\n',
    ]);
  });

  it('with a terminal: a spinner line redrawn in place, then one line per finished step', async () => {
    const { chunks, stream } = sink(true);
    const p = createProgress({ stream });
    await p.step('starting', async () => new Promise((r) => setTimeout(r, 250)));
    assert.ok(chunks.length >= 2, 'redrawn while the step runs');
    assert.ok(chunks.slice(0, -1).every((c) => c.startsWith('\r\x1b[2K') && !c.endsWith('\n')));
    assert.match(chunks.at(-1) ?? '', /^\r\x1b\[2K✔ starting \(0\.\d s\)\n$/);
  });
});
