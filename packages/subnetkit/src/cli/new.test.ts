/**
 * `subnetkit new` through the real bin: writes a project from a template (the files the issue names, a package.json
 * linked to this checkout), refuses a non-empty directory without --force (exit 1, nothing overwritten), and answers a
 * bad template or name as a usage error (exit 2). Installing and running generated projects is test/scaffold's job.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/subnetkit.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'subnetkit-new-'));
after(() => rmSync(root, { recursive: true, force: true }));

const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input: '', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('subnetkit new writes a project, --json lists its files and the next steps', () => {
  const dir = join(root, 'sn-one');
  const r = cli(['new', dir, '--template', 'streaming', '--json']);
  assert.equal(r.code, 0, r.err);
  const result = JSON.parse(r.out) as { dir: string; files: string[]; nextSteps: string[]; template: string };
  assert.equal(result.dir, dir);
  assert.equal(result.template, 'streaming');
  for (const f of ['protocol.ts', 'miner.ts', 'validator.ts', 'reward.ts', 'README.md', 'package.json', '.gitignore'])
    assert.ok(result.files.includes(f), `${f} in ${result.files}`);
  assert.ok(
    result.files.some((f) => f.startsWith('test/')),
    'tests',
  );
  assert.ok(result.nextSteps.some((s) => s.includes('npm run dev')));
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies: Record<string, string>;
  };
  assert.equal(pkg.name, 'sn-one');
  assert.match(pkg.dependencies.subnetkit ?? '', /^file:/, 'linked to this checkout');
});

test('subnetkit new refuses a non-empty directory without --force, and keeps what is there', () => {
  const dir = join(root, 'taken');
  assert.equal(cli(['new', dir]).code, 0);
  writeFileSync(join(dir, 'miner.ts'), '// mine\n');
  const again = cli(['new', dir]);
  assert.equal(again.code, 1, again.err);
  assert.match(again.err, /^subnetkit new: .*not empty.*--force/s);
  assert.equal(readFileSync(join(dir, 'miner.ts'), 'utf8'), '// mine\n');
  const forced = cli(['new', dir, '--force']);
  assert.equal(forced.code, 0, forced.err);
  assert.match(forced.out, /^created .*basic template/);
});

test('subnetkit new: an unknown template or a bad name is a usage error and writes nothing', () => {
  const bad = cli(['new', join(root, 'x'), '--template', 'nope']);
  assert.equal(bad.code, 2, bad.err);
  assert.match(bad.err, /unknown template 'nope'.*basic, streaming, model/);
  const name = cli(['new', join(root, 'y'), '--name', 'Bad Name']);
  assert.equal(name.code, 2, name.err);
  assert.match(name.err, /Bad Name/);
  assert.ok(!existsSync(join(root, 'x')) && !existsSync(join(root, 'y')));
});
