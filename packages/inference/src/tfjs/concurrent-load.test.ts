// Its own file (so its own process): the race only shows while no tfjs engine has been started yet.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { it } from 'node:test';
import { loadModel } from '../load.js';
import { mlp, withTempDir } from '../test-support.js';
import { saveTfjsModel } from './model.js';

it('tfjs models loaded concurrently in a fresh process all get the same engine (tfjs-wasm here)', async () => {
  await withTempDir(async (dir) => {
    const dirs = [0, 1, 2].map((i) => join(dir, `m${i}`));
    for (const [i, d] of dirs.entries()) await saveTfjsModel(mlp(8, 16, 4, 100 + i), d);
    const warnings: string[] = [];
    const models = await Promise.all(
      dirs.map((d) => loadModel(d, { backend: 'tfjs', device: 'auto', env: {}, warn: (m) => warnings.push(m) })),
    );
    try {
      assert.deepEqual(
        models.map((m) => m.engine),
        ['tfjs-wasm', 'tfjs-wasm', 'tfjs-wasm'],
        warnings.join('\n'),
      );
      for (const m of models)
        assert.ok(!m.fallbacks.some((f) => f.engine === 'tfjs-wasm'), JSON.stringify(m.fallbacks));
    } finally {
      await Promise.all(models.map((m) => m.close()));
    }
  });
});
