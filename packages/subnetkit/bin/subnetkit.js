#!/usr/bin/env node
// The installed package runs the compiled CLI in dist/. In the repository (src/ present, no build needed) it runs the
// TypeScript sources through tsx, with the workspace packages resolved to their sources too.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const source = new URL('../src/cli/main.ts', import.meta.url);
let entry = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(source)) {
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  // Registered last, so it runs first: adds the workspace's source condition to every resolution.
  register('./source-condition.mjs', import.meta.url);
  entry = source;
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
