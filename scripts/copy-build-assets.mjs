#!/usr/bin/env node
// tsc emits only what it compiles: copy each package's plain-JavaScript modules (src/**/*.mjs, e.g. worker threads),
// their hand-written declarations (src/**/*.d.mts) and template files (src/**/*.tmpl, e.g. the `subnetkit new`
// templates) into dist/ beside the compiled code that loads them.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packages = join(root, 'packages');
const ASSET_SUFFIXES = ['.mjs', '.d.mts', '.tmpl'];

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (ASSET_SUFFIXES.some((suffix) => entry.name.endsWith(suffix))) out.push(full);
  }
  return out;
}

let copied = 0;
for (const name of readdirSync(packages)) {
  const src = join(packages, name, 'src');
  const dist = join(packages, name, 'dist');
  if (!existsSync(src) || !existsSync(dist)) continue;
  for (const file of walk(src, [])) {
    const target = join(dist, relative(src, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
    copied++;
  }
}
console.log(`copied ${copied} plain-JavaScript module(s) and template file(s) into dist/`);
