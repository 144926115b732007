/**
 * Every publishable packages/* follows the manifest and build conventions of docs/conventions.md: the JSON block there
 * is the template each package.json is compared with, so the document and the packages cannot drift apart.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
// tsconfig files may hold comments.
const readJsonc = (path: string) =>
  JSON.parse(readFileSync(join(root, path), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as {
    extends?: string;
    references?: { path: string }[];
  };

const conventions = readFileSync(join(root, 'docs/conventions.md'), 'utf8');
const block = /```json\n([\s\S]*?)\n```/.exec(conventions)?.[1];
assert.ok(block, 'docs/conventions.md holds the package.json template');
const template = JSON.parse(block);

const dirs = readdirSync(join(root, 'packages')).filter((d) => existsSync(join(root, 'packages', d, 'package.json')));
const manifests = new Map(dirs.map((d) => [d, readJson(`packages/${d}/package.json`)]));
const dirOf = new Map([...manifests].map(([d, m]) => [m.name as string, d]));
const rootLicense = readFileSync(join(root, 'LICENSE'), 'utf8');

describe('package manifests follow docs/conventions.md', () => {
  for (const [dir, m] of manifests) {
    if (m.private) continue;
    test(`packages/${dir}`, () => {
      assert.equal(m.name, dir === 'subnetkit' ? 'subnetkit' : `@subnetkit/${dir}`);
      for (const key of ['license', 'type', 'main', 'types', 'engines', 'publishConfig'])
        assert.deepEqual(m[key], template[key], `${key} as in the template`);
      // '.' and './package.json' as in the template; any further subpath ('./x') has the same four conditions, for
      // a plain-JavaScript module (one a worker thread loads without a TypeScript loader) with .mjs/.d.mts names.
      for (const [subpath, target] of Object.entries(m.exports as Record<string, unknown>)) {
        const stem = subpath.slice(2);
        const plainJs = (target as Record<string, string> | undefined)?.['subnetkit-source']?.endsWith('.mjs');
        const expected =
          template.exports[subpath] ??
          Object.fromEntries(
            Object.entries(template.exports['.'] as Record<string, string>).map(([k, v]) => {
              const named = v.replace('/index.', `/${stem}.`);
              return [
                k,
                plainJs
                  ? named
                      .replace(/\.ts$/, '.mjs')
                      .replace(/\.d\.mjs$/, '.d.mts')
                      .replace(/\.js$/, '.mjs')
                  : named,
              ];
            }),
          );
        assert.deepEqual(target, expected, `exports['${subpath}'] as in the template`);
      }
      assert.deepEqual(m.exports['.'], template.exports['.']);
      assert.deepEqual(m.repository, { ...template.repository, directory: `packages/${dir}` });
      assert.equal(typeof m.description, 'string');
      assert.ok(m.description.length > 20 && !m.description.includes('<'), 'a real description');
      assert.deepEqual(m.files.slice(0, template.files.length), template.files, 'files: dist, no build info');
      for (const extra of m.files.slice(template.files.length))
        assert.ok(existsSync(join(root, 'packages', dir, extra)));
      if (m.sideEffects !== false) {
        assert.ok(Array.isArray(m.sideEffects), 'sideEffects is false or the list of modules that have them');
        for (const f of m.sideEffects.filter((f: string) => f.startsWith('./src/')))
          assert.ok(existsSync(join(root, 'packages', dir, f)), `${f} exists`);
      }
      assert.equal(
        readFileSync(join(root, 'packages', dir, 'LICENSE'), 'utf8'),
        rootLicense,
        'LICENSE is the root one',
      );
      assert.ok(existsSync(join(root, 'packages', dir, 'README.md')));

      const build = readJsonc(`packages/${dir}/tsconfig.build.json`);
      assert.equal(build.extends, '../../tsconfig.package.json');
      const internal = Object.keys(m.dependencies ?? {}).filter((n) => dirOf.has(n));
      assert.deepEqual(
        (build.references ?? []).map((r) => r.path).sort(),
        internal.map((n) => `../${dirOf.get(n)}/tsconfig.build.json`).sort(),
        'tsconfig.build.json references exactly the workspace packages it depends on',
      );
    });
  }

  test('the root tsconfig.build.json builds every package, dependencies first', () => {
    const order = (readJsonc('tsconfig.build.json').references ?? []).map((r) => r.path);
    const publishable = [...manifests].filter(([, m]) => !m.private).map(([d]) => `packages/${d}/tsconfig.build.json`);
    assert.deepEqual([...order].sort(), publishable.sort());
    for (const [dir, m] of manifests) {
      for (const dep of Object.keys(m.dependencies ?? {}).filter((n) => dirOf.has(n))) {
        const at = order.indexOf(`packages/${dir}/tsconfig.build.json`);
        assert.ok(order.indexOf(`packages/${dirOf.get(dep)}/tsconfig.build.json`) < at, `${dep} before ${m.name}`);
      }
    }
  });
});
