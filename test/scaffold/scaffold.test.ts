/**
 * `subnetkit new` end to end: each template generated into a temp dir, installed offline from this checkout (every
 * dependency a `file:` link), its own `npm test` and `npm run typecheck` run as a user would; `npm run dev` of the
 * basic template reaches consensus on the in-process localnet; and the built package scaffolds from its dist/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { scaffoldSubnet, scaffoldTemplates } from '../../packages/subnetkit/src/scaffold/index.js';
import { installOffline, npm, ok, runAsUser as run } from '../support/as-user.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const workdir = mkdtempSync(join(tmpdir(), 'subnetkit-new-'));
const timings: Record<string, number> = {};
after(() => {
  console.log(JSON.stringify({ test: 'scaffold', ms: timings }));
  rmSync(workdir, { recursive: true, force: true });
});

/** Generates `template` linked to this checkout and installs it offline. */
async function generate(template: 'basic' | 'streaming' | 'model', name: string): Promise<string> {
  const { dir } = await scaffoldSubnet({ dir: join(workdir, name), template, dependencies: 'workspace' });
  const install = ok(await installOffline(dir, 'install'), `${template}: npm install --offline`);
  timings[`${template}.install`] = install.ms;
  return dir;
}

describe('subnetkit new: each template installs offline, passes its own tests and type-checks', () => {
  for (const { name: template } of scaffoldTemplates) {
    test(template, { timeout: 900_000 }, async () => {
      const dir = await generate(template, `my-${template}-subnet`);
      const tests = ok(await run(npm, ['test'], dir, 600_000), `${template}: npm test`);
      timings[`${template}.test`] = tests.ms;
      assert.match(tests.output, /# pass [1-9]/);
      assert.match(tests.output, /# fail 0/);
      const tsc = ok(await run(npm, ['run', 'typecheck'], dir, 600_000), `${template}: npm run typecheck`);
      timings[`${template}.typecheck`] = tsc.ms;
    });
  }
});

test('npm run dev of a generated subnet reaches consensus: the miner earns incentive', {
  timeout: 900_000,
}, async () => {
  const dir = await generate('basic', 'dev-subnet');
  const dev = ok(await run(npm, ['run', 'dev', '--', '--miners', '1', '--steps', '2'], dir, 840_000), 'npm run dev');
  timings.dev = dev.ms;
  assert.match(dev.output, /weights set/);
  const incentive = [...dev.output.matchAll(/^\d+\s+miner\s+[\d.]+\s+([\d.]+)/gm)].map((m) => Number(m[1]));
  assert.equal(incentive.length, 1, `one miner row in:\n${dev.output}`);
  assert.ok((incentive[0] ?? 0) > 0, `the miner's incentive is above 0:\n${dev.output}`);
  assert.match(dev.output, /consensus reached/);
});

test('the built package ships the templates and scaffolds from dist/', { timeout: 900_000 }, async () => {
  // Incremental: a no-op when CI (.ci/run) built already.
  ok(await run(npm, ['run', 'build'], root, 600_000), 'npm run build');
  const src = join(root, 'packages/subnetkit/src/scaffold/templates');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [relative(src, join(dir, e.name))],
    );
  const templateFiles = walk(src);
  const pack = ok(
    await run(npm, ['pack', '--dry-run', '--json', '-w', 'packages/subnetkit'], root, 300_000),
    'npm pack --dry-run',
  );
  const packed = new Set((JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path));
  for (const file of templateFiles)
    assert.ok(packed.has(`dist/scaffold/templates/${file}`), `the tarball holds dist/scaffold/templates/${file}`);

  // The compiled code, on plain node (no tsx, no source condition), finds its templates beside itself.
  const dir = join(workdir, 'from-dist');
  const script = `const { scaffoldSubnet } = await import(${JSON.stringify(join(root, 'packages/subnetkit/dist/scaffold/index.js'))});
const r = await scaffoldSubnet({ dir: ${JSON.stringify(dir)}, template: 'model', dependencies: 'registry' });
console.log(JSON.stringify(r.files));`;
  const built = ok(
    await run(process.execPath, ['--input-type=module', '-e', script], root, 60_000),
    'scaffold from dist',
  );
  const files = JSON.parse(built.stdout) as string[];
  assert.ok(files.includes('miner.ts') && files.includes('test/round.test.ts'), built.output);
  assert.ok(existsSync(join(dir, 'model.ts')));
});
