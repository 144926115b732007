/**
 * Reads a template's files from `templates/` beside this module (in src/ and, copied by the build, in dist/). Each
 * file ends in `.tmpl` so that no tool of this repository compiles, lints or packs it as code of its own; files in a
 * template's folder replace the `shared/` ones of the same name. Output names: `.tmpl` dropped, `gitignore` becomes
 * `.gitignore` (npm never packs a `.gitignore`), `test/x.ts` becomes `test/x.test.ts` (the published package ships no
 * `*.test.*` files).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScaffoldTemplateName } from './templates.js';

const templatesDir = fileURLToPath(new URL('./templates/', import.meta.url));

export interface TemplateFile {
  /** Path in the generated project, with `/` separators. */
  path: string;
  text: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.tmpl')) out.push(full);
  }
  return out;
}

export function outputPath(templatePath: string): string {
  const path = templatePath.replace(/\.tmpl$/, '');
  if (path === 'gitignore') return '.gitignore';
  const test = /^test\/([^/]+)\.ts$/.exec(path);
  return test ? `test/${test[1]}.test.ts` : path;
}

/** The template's files with `{{key}}` placeholders filled from `values`, sorted by path. */
export function readTemplate(template: ScaffoldTemplateName, values: Record<string, string>): TemplateFile[] {
  const files = new Map<string, string>();
  for (const folder of ['shared', template]) {
    const dir = join(templatesDir, folder);
    for (const file of walk(dir)) {
      const path = outputPath(relative(dir, file).split(sep).join('/'));
      files.set(path, readFileSync(file, 'utf8'));
    }
  }
  return [...files.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => ({ path, text: text.replace(/\{\{(\w+)\}\}/g, (m, key: string) => values[key] ?? m) }));
}
