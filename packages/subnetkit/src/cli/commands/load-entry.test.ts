/** Loading the author's module for `subnetkit miner|validator <entry>`: what is accepted and what each refusal says. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UsageError } from '../errors.js';
import { loadEntry } from './load-entry.js';

const dir = mkdtempSync(join(tmpdir(), 'subnetkit-entry-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
// What defineMiner/defineValidator return, written by hand so the module needs no import (plain node loads it).
const definition = (kind: string) =>
  `export default { setup() {}, netuid: 7, [Symbol.for('subnetkit.neuron-kind')]: '${kind}' };\n`;

describe('loadEntry', () => {
  it('loads an .mjs module natively and returns its definition', async () => {
    const def = await loadEntry<{ netuid: number }>(file('miner.mjs', definition('miner')), 'miner');
    assert.equal(def.netuid, 7);
  });

  it('names what is wrong: no file, no definition, the other kind', async () => {
    await assert.rejects(
      loadEntry(join(dir, 'absent.js'), 'miner'),
      (e) => e instanceof UsageError && /no such file/.test(e.message),
    );
    await assert.rejects(
      loadEntry(file('plain.mjs', 'export const x = 1;\n'), 'validator'),
      /exports no validator: make its default export defineValidator\(\{ … \}\)/,
    );
    await assert.rejects(
      loadEntry(file('validator.mjs', definition('validator')), 'miner'),
      /exports a validator: run it with 'subnetkit validator /,
    );
    await assert.rejects(
      loadEntry(file('broken.mjs', 'throw new Error("boom");\n'), 'miner'),
      /broken\.mjs failed to load: boom/,
    );
  });
});
