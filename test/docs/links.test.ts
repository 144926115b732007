/**
 * The docs point only into the repository, and every link of theirs resolves: a relative link names a file or
 * folder that exists (and a `#fragment`, a heading of that page), and no page links out to the web.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './run-unit.js';

/** Pages written on other branches at the same time; each entry must go once its file exists (checked below). */
const PENDING = new Set<string>();

const pages = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...readdirSync(join(ROOT, 'packages'))
    .map((p) => `packages/${p}/README.md`)
    .filter((f) => existsSync(join(ROOT, f))),
];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6} +(.+)$/gm)) {
    out.add(
      (m[1] as string)
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    );
  }
  return out;
}

/** Links outside code blocks and inline code. */
function links(markdown: string): string[] {
  const prose = markdown.replace(/^ *```[\s\S]*?^ *```/gm, '').replace(/`[^`]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
}

test('every link in the docs resolves inside the repository', (t) => {
  const broken: string[] = [];
  for (const page of pages) {
    const text = readFileSync(join(ROOT, page), 'utf8');
    for (const link of links(text)) {
      if (/^[a-z]+:/i.test(link)) {
        broken.push(`${page}: ${link} points outside the repository`);
        continue;
      }
      const [path = '', fragment] = link.split('#');
      const target = path ? relative(ROOT, join(ROOT, dirname(page), path)) : page;
      if (!existsSync(join(ROOT, target))) {
        if (PENDING.has(target)) t.diagnostic(`${page}: ${link} (pending: written on another branch)`);
        else broken.push(`${page}: ${link} (no ${target})`);
        continue;
      }
      if (fragment && target.endsWith('.md') && !anchors(readFileSync(join(ROOT, target), 'utf8')).has(fragment)) {
        broken.push(`${page}: ${link} (no heading #${fragment} in ${target})`);
      }
    }
  }
  assert.deepEqual(broken, []);
  for (const p of PENDING) assert.ok(!existsSync(join(ROOT, p)), `${p} exists now: remove it from PENDING`);
});
