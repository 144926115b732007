// TypeDoc plugin: names each entry point's module after the package it is published as (`@subnetkit/axon`,
// `@subnetkit/inference/axon`) instead of its source path (`axon/src`), so the API reference reads like the imports.
import { readFileSync } from 'node:fs';
import { Converter } from 'typedoc';

const root = new URL('../', import.meta.url);

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.children ?? []) {
      const m = /^([\w-]+)\/src(?:\/(.+))?$/.exec(mod.name);
      if (!m) continue;
      const pkg = JSON.parse(readFileSync(new URL(`packages/${m[1]}/package.json`, root), 'utf8'));
      mod.name = m[2] && m[2] !== 'index' ? `${pkg.name}/${m[2]}` : pkg.name;
    }
  });
}
