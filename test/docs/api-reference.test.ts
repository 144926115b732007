/**
 * The API reference (`npm run docs:api`, TypeDoc over every package's public entry points) builds without a single
 * warning, and its entry points are exactly the packages' exports: a new entry point cannot be left out of it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, RUN_DIR } from './run-unit.js';

const config = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8')) as { entryPoints: string[] };

/** Every `subnetkit-source` target of every package's exports map: the public entry points. */
function exportedEntryPoints(): string[] {
  return readdirSync(join(ROOT, 'packages'))
    .filter((dir) => existsSync(join(ROOT, 'packages', dir, 'package.json')))
    .flatMap((dir) => {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8'));
      return (
        Object.values(pkg.exports as Record<string, { 'subnetkit-source'?: string }>)
          .map((e) => e['subnetkit-source'])
          .filter((e): e is string => typeof e === 'string')
          // A plain-JS entry point is documented from its hand-written declarations beside it.
          .map((e) => join('packages', dir, e.replace(/\.mjs$/, '.d.mts')))
      );
    });
}

test('typedoc.json documents every public entry point of every package', () => {
  assert.deepEqual([...config.entryPoints].sort(), exportedEntryPoints().sort());
});

test('the API reference builds without warnings, one page per package entry point', { timeout: 600_000 }, () => {
  const out = join(RUN_DIR, `api-${process.pid}`);
  try {
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'typedoc'), ['--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 540_000,
    });
    const output = `${r.stdout}${r.stderr}`;
    assert.equal(r.status, 0, output);
    assert.doesNotMatch(output, /\[(warning|error)\]/, output); // typedoc.json also makes warnings errors
    const modules = readdirSync(join(out, 'modules')).sort();
    assert.deepEqual(modules, [
      '_subnetkit_axon.html',
      '_subnetkit_chain.html',
      '_subnetkit_dashboard.html',
      '_subnetkit_dendrite.html',
      '_subnetkit_inference.html',
      '_subnetkit_inference_axon.html',
      '_subnetkit_localnet.html',
      '_subnetkit_metagraph.html',
      '_subnetkit_synapse.html',
      '_subnetkit_synapse_atomic-write.html',
      '_subnetkit_synapse_sr25519-verify.html',
      '_subnetkit_wallet.html',
      'subnetkit.html',
    ]);
    // A documented symbol of each layer is there, with its doc comment.
    assert.match(readFileSync(join(out, 'classes', 'subnetkit.Validator.html'), 'utf8'), /challenge/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
