/**
 * The packages as a user gets them: `npm run build` (incremental: a no-op when CI built already), `npm pack` of every
 * workspace, the tarballs installed offline into a fresh project without tsx, then a consumer program type-checked
 * against the shipped .d.ts (strict, exactOptionalPropertyTypes), compiled and run with plain node; and the CLI bin
 * run from the installed package.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bodyHash, defineSynapseFromJson } from '@subnetkit/synapse';
import { installOffline, npm, ok, runAsUser as run } from '../support/as-user.js';
import { type PackedPackage, writeConsumerProject } from '../support/offline-install.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));

interface PackResult {
  name: string;
  filename: string;
  integrity: string;
  files: { path: string }[];
}

// Every publishable workspace package (a new packages/* is packed and installed here without editing this test).
const WORKSPACES: Record<string, string> = Object.fromEntries(
  readdirSync(join(root, 'packages'))
    .map((dir) => `packages/${dir}`)
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => [JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')), dir] as const)
    .filter(([manifest]) => !manifest.private)
    .map(([manifest, dir]) => [manifest.name as string, dir]),
);

describe('published packages', { timeout: 900_000 }, () => {
  const project = mkdtempSync(join(tmpdir(), 'subnetkit-consumer-'));
  const timings: Record<string, number> = {};
  let packs: PackResult[] = [];

  before(async () => {
    timings.build = ok(await run(npm, ['run', 'build'], root), 'npm run build').ms;
    mkdirSync(join(project, 'tarballs'));
    const workspaceArgs = Object.values(WORKSPACES).flatMap((dir) => ['-w', dir]);
    const pack = ok(
      await run(npm, ['pack', ...workspaceArgs, '--json', '--pack-destination', join(project, 'tarballs')], root),
      'npm pack',
    );
    timings.pack = pack.ms;
    packs = JSON.parse(pack.stdout) as PackResult[];
  });
  after(() => {
    console.log(JSON.stringify({ test: 'tarball', ms: timings }));
    rmSync(project, { recursive: true, force: true });
  });

  test('every package packs its built code, README and LICENSE, and no tests or test support', () => {
    assert.deepEqual(packs.map((p) => p.name).sort(), Object.keys(WORKSPACES).sort());
    for (const p of packs) {
      const files = p.files.map((f) => f.path);
      for (const required of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts'])
        assert.ok(files.includes(required), `${p.name} is missing ${required}`);
      const unwanted = files.filter((f) => /\.test\.|test-support|\/testing\/|^src\/|tsbuildinfo|\.bench\./.test(f));
      assert.deepEqual(unwanted, [], `${p.name} ships files that are not for users`);
    }
    const files = (name: string) => packs.find((p) => p.name === name)?.files.map((f) => f.path) ?? [];
    for (const worker of ['dist/signing-worker.mjs', 'dist/kdf-worker.mjs'])
      assert.ok(files('@subnetkit/wallet').includes(worker), `wallet ships ${worker}`);
    for (const worker of ['dist/verify-worker.mjs', 'dist/sr25519-verify.mjs'])
      assert.ok(files('@subnetkit/axon').includes(worker), `axon ships ${worker}`);
    assert.ok(files('subnetkit').includes('bin/subnetkit.js'));
  });

  test('the tarballs install offline, and a strict TypeScript consumer type-checks and runs on plain node', async () => {
    const packed: PackedPackage[] = packs.map((p) => ({
      name: p.name,
      dir: WORKSPACES[p.name] as string,
      filename: p.filename.replace(/^.*\//, ''),
      integrity: p.integrity,
    }));
    writeConsumerProject(root, project, packed, {
      dependencies: Object.keys(WORKSPACES),
      devDependencies: ['typescript', '@types/node'],
    });
    const install = ok(await installOffline(project, 'ci'), 'npm ci --offline');
    timings.install = install.ms;
    assert.ok(!existsSync(join(project, 'node_modules', 'tsx')), 'the consumer project has no tsx');

    copyFileSync(join(here, 'consumer', 'consumer.ts'), join(project, 'consumer.ts'));
    copyFileSync(join(here, 'consumer', 'tsconfig.json'), join(project, 'tsconfig.json'));
    const tsc = await run(
      process.execPath,
      [join(project, 'node_modules/typescript/bin/tsc'), '--pretty', 'false'],
      project,
    );
    timings.typecheck = tsc.ms;
    // skipLibCheck is off so that the shipped .d.ts are checked too; errors inside third-party declarations
    // (@polkadot/api-derive, chopsticks-core's untyped lodash import) are theirs and are not counted.
    const errors = `${tsc.stdout}${tsc.stderr}`
      .split('\n')
      .filter((line) => /error TS\d+/.test(line))
      .filter((line) => !line.startsWith('node_modules/') || /^node_modules\/(@subnetkit\/|subnetkit\/)/.test(line));
    assert.deepEqual(
      errors,
      [],
      'the consumer and the shipped .d.ts type-check under strict + exactOptionalPropertyTypes',
    );
    assert.ok(existsSync(join(project, 'out', 'consumer.js')), `tsc emitted the consumer:\n${tsc.stdout}`);

    const consumer = ok(
      await run(process.execPath, [join(project, 'out', 'consumer.js')], project, 60_000),
      'consumer',
    );
    timings.consumer = consumer.ms;
    const result = JSON.parse(consumer.stdout.trim().split('\n').at(-1) ?? '{}');
    assert.deepEqual(result, {
      status: 200,
      output: 42,
      forgedStatus: 401,
      poolWorkers: 1,
      poolSignatureVerifies: true,
      published: true,
    });
  });

  test('the CLI runs from the installed package', async () => {
    const bin = join(project, 'node_modules', '.bin', 'subnetkit');
    const help = ok(await run(bin, ['--help'], project, 60_000), 'subnetkit --help');
    assert.match(help.stdout, /usage: subnetkit <command>/);
    const def = join(here, 'consumer', 'synapse.json');
    const body = join(here, 'consumer', 'body.json');
    const hash = ok(await run(bin, ['synapse', 'hash', '--def', def, '--body', body], project, 60_000), 'synapse hash');
    const definition = defineSynapseFromJson(JSON.parse(readFileSync(def, 'utf8')));
    const expected = bodyHash(definition, definition.fromBody(JSON.parse(readFileSync(body, 'utf8'))));
    assert.equal(hash.stdout.trim(), expected, 'the built CLI hashes as the sources do');
  });
});
