/** The docs test itself: a broken example fails it, annotations are read strictly, groups share one program. */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DocAnnotationError, joinModules, parseBlocks, unitsOf } from './markdown-blocks.js';
import { RUN_DIR, runDoc } from './run-unit.js';

const workDir = join(RUN_DIR, `harness-${process.pid}`);
mkdirSync(workDir, { recursive: true });
after(() => rmSync(workDir, { recursive: true, force: true }));

const doc = (text: string) => unitsOf(parseBlocks(text, 'doc.md'));

test('a block that throws, exits non-zero, prints the wrong thing or hangs is reported', async () => {
  const units = doc(
    [
      '```ts',
      "import { Keypair } from '@subnetkit/wallet';",
      "const k = await Keypair.fromUri('//Alice');",
      "if (k.address.startsWith('5Grw')) throw new Error('the example broke');",
      '```',
      '```sh',
      'echo fine; false; echo never',
      '```',
      '<!-- expect: ^42$ -->',
      '```sh',
      'echo 41',
      '```',
      '```sh timeout=2',
      'sleep 30',
      '```',
    ].join('\n'),
  );
  const reports = await runDoc(units, workDir, 60);
  assert.equal(reports.length, 4);
  assert.match(reports[0]?.problems[0] ?? '', /exited with 1/);
  assert.match(reports[0]?.problems.at(-1) ?? '', /the example broke/);
  assert.match(reports[1]?.problems[0] ?? '', /exited with 1/);
  assert.match(reports[2]?.problems[0] ?? '', /does not match \/\^42\$\//);
  assert.match(reports[3]?.problems[0] ?? '', /did not finish within 2 s/);
});

test('a block that runs as the doc says passes: workspace packages, the subnetkit command, exit=, a shared directory', async () => {
  const units = doc(
    [
      '<!-- expect: ^5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY$ -->',
      '```ts group=a',
      "import { Keypair } from '@subnetkit/wallet';",
      "const alice = await Keypair.fromUri('//Alice');",
      '```',
      'Prose between the blocks of a group.',
      '```ts group=a',
      "import { Keypair } from '@subnetkit/wallet';",
      "import { writeFileSync } from 'node:fs';",
      'console.log(alice.address);',
      "writeFileSync('from-ts.txt', alice.address);",
      '```',
      '```sh exit=2',
      'test -s from-ts.txt && test "$HOME" = "$PWD"',
      'subnetkit no-such-command',
      '```',
    ].join('\n'),
  );
  assert.equal(units.length, 2, 'the group is one unit');
  const reports = await runDoc(units, workDir, 120);
  assert.deepEqual(
    reports.map((r) => r.problems),
    [[], []],
  );
});

test('annotations are strict: a typo, a no-run without a reason, an unclosed fence are errors', () => {
  assert.throws(() => parseBlocks('```sh no-rnu\nx\n```\n', 'd.md'), DocAnnotationError);
  assert.throws(() => parseBlocks('```sh no-run\nx\n```\n', 'd.md'), /needs a reason/);
  assert.throws(() => parseBlocks('```ts\nx\n', 'd.md'), /never closed/);
  assert.throws(() => parseBlocks('<!-- expect: x -->\n```json\n{}\n```\n', 'd.md'), /not run/);
  const [b] = parseBlocks('```sh no-run needs mainnet (wss)\nx\n```\n```json\n{}\n```\n', 'd.md');
  assert.equal(b?.noRun, 'needs mainnet (wss)');
  assert.equal(unitsOf(parseBlocks('```sh no-run x\nx\n```\n```text\ny\n```\n', 'd.md')).length, 0);
});

test('joined TypeScript blocks share one import per module', () => {
  const joined = joinModules([
    "import { a, b } from 'm';\nimport * as z from 'z';\nuse(a);\n",
    "import {\n  b,\n  c,\n} from 'm';\nimport * as z from 'z';\nuse(c);\n",
  ]);
  assert.match(joined, /^import \* as z from 'z';\nimport \{ a, b, c \} from 'm';\n/);
  assert.equal(joined.match(/import/g)?.length, 2);
});
