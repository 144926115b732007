/** docs/cli.md is the reference generated from the command definitions: it must match them exactly. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cliReference } from './reference.js';
import { COMMANDS } from './registry.js';

const docs = fileURLToPath(new URL('../../../../docs/cli.md', import.meta.url));

test('docs/cli.md is up to date with the command definitions (regenerate: npm run docs:cli -w subnetkit)', () => {
  const generated = cliReference();
  assert.equal(
    readFileSync(docs, 'utf8'),
    generated,
    'docs/cli.md is out of date: run `npm run docs:cli -w subnetkit`',
  );
  for (const spec of COMMANDS) assert.ok(generated.includes(`### \`subnetkit ${spec.name}\``), spec.name);
});
