/**
 * Every code block of the docs runs: docs/*.md, the README and each package's README. TypeScript and JavaScript
 * blocks run as programs against the real packages (the localnet in process, real sockets on 127.0.0.1), shell
 * blocks run through bash with the `subnetkit` command. A block that cannot run here says so in its fence
 * (`no-run <reason>`); those are listed below. See markdown-blocks.ts for the annotations.
 *
 * `DOCS_FILTER=localnet npm test -- test/docs` runs only the docs whose path contains `localnet`.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it, test } from 'node:test';
import { type CodeBlock, parseBlocks, unitsOf } from './markdown-blocks.js';
import { ROOT, RUN_DIR, runDoc } from './run-unit.js';

/** Seconds one block may take unless its fence says otherwise (a localnet start under load takes tens of seconds). */
const DEFAULT_TIMEOUT_S = 240;
const CONCURRENCY = Number(process.env.SUBNETKIT_DOCS_CONCURRENCY ?? 2);

function docFiles(): string[] {
  const docsDir = join(ROOT, 'docs');
  const docs = readdirSync(docsDir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(docsDir, f));
  const packages = readdirSync(join(ROOT, 'packages'))
    .map((p) => join(ROOT, 'packages', p, 'README.md'))
    .filter((f) => existsSync(f));
  return [join(ROOT, 'README.md'), ...docs, ...packages].map((f) => relative(ROOT, f)).sort();
}

const filter = process.env.DOCS_FILTER;
const files = docFiles().filter((f) => !filter || f.includes(filter));

function blocksOf(file: string): CodeBlock[] {
  return parseBlocks(readFileSync(join(ROOT, file), 'utf8'), file);
}

describe('doc code blocks run', { concurrency: CONCURRENCY }, () => {
  for (const file of files) {
    it(file, async (t) => {
      const units = unitsOf(blocksOf(file));
      if (units.length === 0) {
        t.diagnostic('no block to run');
        return;
      }
      const workDir = join(RUN_DIR, `${file.replaceAll('/', '_').replace(/\.md$/, '')}-${process.pid}`);
      rmSync(workDir, { recursive: true, force: true });
      mkdirSync(workDir, { recursive: true });
      const reports = await runDoc(units, workDir, DEFAULT_TIMEOUT_S);
      for (const r of reports)
        t.diagnostic(`${r.where}: ${(r.ms / 1000).toFixed(1)} s${r.problems.length ? ' FAILED' : ''}`);
      const failed = reports.filter((r) => r.problems.length);
      // Kept on failure (ignored by git) so the programs can be rerun by hand.
      if (failed.length === 0) rmSync(workDir, { recursive: true, force: true });
      assert.equal(
        failed.length,
        0,
        failed.map((r) => `${r.where}:\n  ${r.problems.join('\n  ')}\n  (programs kept in ${workDir})`).join('\n\n'),
      );
    });
  }
});

test('every block that is not run says why, and the list stays short', (t) => {
  const all = docFiles().flatMap(blocksOf);
  const code = all.filter((b) => b.kind);
  const skipped = code.filter((b) => b.noRun);
  for (const b of skipped) t.diagnostic(`not run: ${b.file}:${b.line} (${b.lang}) — ${b.noRun}`);
  t.diagnostic(`${code.length - skipped.length} of ${code.length} code blocks run; ${skipped.length} not run`);
  assert.ok(code.length - skipped.length > skipped.length, 'most code blocks run');
});
