import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { StateStore } from './state-store.js';

const state = (step: number) => ({
  netuid: 2,
  hotkey: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
  step,
  block: 100 + step,
  nextWeightsBlock: 110,
  lastWeightsBlock: 0,
  scores: [0, 0.25, 0.5],
  hotkeys: ['a', 'b', 'c'],
});

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'state-store-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('state round-trips through the file (versioned, 0600), and a missing file is no state', () =>
  withDir(async (dir) => {
    const store = new StateStore(join(dir, 'sub', 'v.json'));
    assert.equal(await store.load(), undefined);
    await store.save(state(3));
    const back = await store.load();
    assert.equal(back?.version, 1);
    assert.equal(back?.step, 3);
    assert.deepEqual(back?.scores, [0, 0.25, 0.5]);
    assert.deepEqual(await readdir(join(dir, 'sub')), ['v.json'], 'no temp file left behind');
  }));

test('a write killed before its rename leaves the previous state intact, and its temp file is cleaned up', () =>
  withDir(async (dir) => {
    const path = join(dir, 'v.json');
    const store = new StateStore(path);
    await store.save(state(1));
    // What a SIGKILL between write and rename leaves: a half-written temp file beside the state, named with the
    // dead writer's pid (9999999: above Linux's pid_max, never alive), and the pid-less probe older versions used.
    await writeFile(join(dir, '.v.json.9999999.0a1b2c3d4e5f.tmp'), '{"version":1,"netuid":2,"sco');
    await writeFile(join(dir, '.v.json.0a1b2c3d4e5f.tmp'), '{}');
    // Not ours: other files in the state directory stay, whatever they look like.
    const foreign = ['v.json.tmp', '.v.commits.json.9999999.0a1b2c3d4e5f.tmp', 'notes.tmp'];
    for (const n of foreign) await writeFile(join(dir, n), 'x');
    const back = await store.load();
    assert.equal(back?.step, 1);
    assert.deepEqual((await readdir(dir)).sort(), ['v.json', ...foreign].sort());
  }));

test('a corrupt or foreign state file is an error naming the file, never silently replaced', () =>
  withDir(async (dir) => {
    const path = join(dir, 'v.json');
    const store = new StateStore(path);
    await writeFile(path, '{"version":1,"netuid":2,');
    await assert.rejects(store.load(), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'NEURON_STATE');
      assert.ok(e.message.includes(path));
      return true;
    });
    assert.equal(await readFile(path, 'utf8'), '{"version":1,"netuid":2,', 'the file is left as it was');
    await writeFile(path, JSON.stringify({ ...state(1), version: 7 }));
    await assert.rejects(store.load(), /format version 7 is not the supported 1/);
    await writeFile(path, JSON.stringify({ ...state(1), version: 1, scores: [0, -1, 0.5] }));
    await assert.rejects(store.load(), /scores must be an array of non-negative numbers/);
  }));

test('a state directory that cannot be made (a file in its place, refused to root too) is a STATE error naming the file', () =>
  withDir(async (dir) => {
    await writeFile(join(dir, 'validators'), 'a file');
    const path = join(dir, 'validators', 'v.json');
    await assert.rejects(new StateStore(path).save(state(1)), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'NEURON_STATE');
      assert.ok(
        e.message.startsWith(`cannot write validator state ${path}: `) && /EEXIST|ENOTDIR/.test(e.message),
        e.message,
      );
      return true;
    });
    assert.equal(await readFile(join(dir, 'validators'), 'utf8'), 'a file');
  }));
