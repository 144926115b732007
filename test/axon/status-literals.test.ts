/**
 * `ERROR_STATUS` (`@subnetkit/synapse`) is the only place the axon and the dendrite take HTTP status numbers from:
 * their sources (comments aside) hold no 4xx/5xx number literal, so a status is decided once, in the table.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = new URL('../../packages/', import.meta.url).pathname;

/** The source without comments (block, JSDoc and line comments; `//` inside strings is rare enough here). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

for (const pkg of ['axon', 'dendrite']) {
  test(`${pkg}: no status number literals outside ERROR_STATUS`, () => {
    const dir = join(root, pkg, 'src');
    const offenders: string[] = [];
    for (const file of readdirSync(dir)) {
      if (!/\.(ts|mjs)$/.test(file) || /\.test\.ts$|test-support\.ts$|\.d\.mts$/.test(file)) continue;
      code(readFileSync(join(dir, file), 'utf8'))
        .split('\n')
        .forEach((line, i) => {
          if (/(?<![\w.])[45]\d\d(?![\w.])/.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(offenders, []);
  });
}
