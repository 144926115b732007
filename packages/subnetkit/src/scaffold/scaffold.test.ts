import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, test } from 'node:test';
import { promptScaffoldParameters, ScaffoldError, scaffoldSubnet, scaffoldTemplates } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'scaffold-unit-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (name = `p${++n}`) => join(root, name);

async function refused(promise: Promise<unknown>, code: string, message: RegExp): Promise<ScaffoldError> {
  const err = await promise.then(
    () => assert.fail('expected a ScaffoldError'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ScaffoldError, `a ScaffoldError, got ${String(err)}`);
  assert.equal(err.code, code);
  assert.match(err.message, message);
  return err;
}

describe('scaffoldSubnet refuses', () => {
  test('a non-empty directory, naming it and what is in it, and writes nothing', async () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await refused(
      scaffoldSubnet({ dir, template: 'basic', dependencies: 'registry' }),
      'SCAFFOLD_TARGET_NOT_EMPTY',
      /is not empty \(notes\.txt\)[\s\S]*--force/,
    );
    assert.ok(!existsSync(join(dir, 'package.json')));
  });

  test('a target that is a file', async () => {
    const file = fresh();
    writeFileSync(file, '');
    await refused(scaffoldSubnet({ dir: file, template: 'basic' }), 'SCAFFOLD_INVALID_TARGET', /not a directory/);
  });

  test('a name npm would refuse, saying why', async () => {
    const dir = fresh();
    await refused(
      scaffoldSubnet({ dir, name: 'My Subnet', template: 'basic' }),
      'SCAFFOLD_INVALID_NAME',
      /'My Subnet' is not a valid npm package name: it has capital letters/,
    );
    await refused(
      scaffoldSubnet({ dir, name: 'a b', template: 'basic' }),
      'SCAFFOLD_INVALID_NAME',
      /may hold only lowercase letters/,
    );
    await refused(scaffoldSubnet({ dir, name: 'x'.repeat(215), template: 'basic' }), 'SCAFFOLD_INVALID_NAME', /214/);
    assert.ok(!existsSync(dir), 'nothing was created');
  });

  test('a directory name that makes a bad package name, pointing at --name', async () => {
    await refused(
      scaffoldSubnet({ dir: fresh('http'), template: 'basic' }),
      'SCAFFOLD_INVALID_NAME',
      /'http'.*reserved[\s\S]*--name/,
    );
  });

  test('an unknown template, listing the known ones', async () => {
    await refused(
      scaffoldSubnet({ dir: fresh(), template: 'rust' as 'basic' }),
      'SCAFFOLD_UNKNOWN_TEMPLATE',
      /unknown template 'rust': use one of basic, streaming, model/,
    );
  });

  test('an unknown dependencies mode', async () => {
    await refused(
      scaffoldSubnet({ dir: fresh(), template: 'basic', dependencies: 'git' as 'registry' }),
      'SCAFFOLD_INVALID_DEPENDENCIES',
      /'workspace' or 'registry'/,
    );
  });
});

describe('scaffoldSubnet writes', () => {
  test('every template: the protocol, neurons, reward, tests, dev script, README and project files', async () => {
    for (const { name: template } of scaffoldTemplates) {
      const dir = fresh(`subnet-${template}`);
      const result = await scaffoldSubnet({ dir, template, dependencies: 'registry' });
      assert.equal(result.dir, dir);
      for (const file of [
        '.gitignore',
        'README.md',
        'dev.ts',
        'miner.ts',
        'package.json',
        'protocol.ts',
        'reward.ts',
        'test/reward.test.ts',
        'test/round.test.ts',
        'tsconfig.json',
        'validator.ts',
      ]) {
        assert.ok(result.files.includes(file), `${template}: ${file} listed`);
        assert.ok(existsSync(join(dir, file)), `${template}: ${file} written`);
      }
      assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), new RegExp(`^# subnet-${template}\\n`));
      assert.deepEqual(result.nextSteps.slice(1), ['npm install', 'npm run dev', 'npm test']);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      assert.equal(manifest.name, `subnet-${template}`);
      assert.match(manifest.scripts.test, /--test test\/reward\.test\.ts test\/round\.test\.ts$/);
    }
  });

  test('registry dependencies: the subnetkit packages at this exact version, no links, no source condition', async () => {
    const dir = fresh();
    await scaffoldSubnet({ dir, name: 'my-subnet', template: 'model', dependencies: 'registry' });
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
    assert.equal(manifest.dependencies.subnetkit, version);
    assert.equal(manifest.dependencies['@subnetkit/inference'], version);
    assert.doesNotMatch(JSON.stringify(manifest), /file:|subnetkit-source|chainSpecSearchPath/);
    assert.doesNotMatch(readFileSync(join(dir, 'tsconfig.json'), 'utf8'), /subnetkit-source/);
  });

  test('workspace dependencies: file: links into this checkout, and its chain-spec search path', async () => {
    const dir = fresh();
    await scaffoldSubnet({ dir, template: 'streaming', dependencies: 'workspace' });
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const specs = Object.values({ ...manifest.dependencies, ...manifest.devDependencies }) as string[];
    assert.ok(specs.length > 0);
    for (const spec of specs) {
      assert.match(spec, /^file:\//);
      assert.ok(existsSync(join(spec.slice('file:'.length), 'package.json')), `${spec} exists`);
    }
    assert.match(manifest.scripts.dev, /--conditions=subnetkit-source/);
    assert.ok(Array.isArray(manifest.subnetkit.chainSpecSearchPath));
  });

  test('with force, into a non-empty directory: the project files are written and other files kept', async () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const result = await scaffoldSubnet({ dir, template: 'basic', force: true, dependencies: 'registry' });
    assert.ok(result.files.includes('miner.ts'));
    assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
  });
});

describe('promptScaffoldParameters', () => {
  function session(answers: string) {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d: Buffer) => {
      shown += d.toString();
    });
    input.end(answers);
    return { input, output, shown: () => shown };
  }

  test('asks again after a bad name or template, and accepts a number or a name', async () => {
    const s = session('Bad Name\nmy-net\n9\nstreaming\n');
    const params = await promptScaffoldParameters({ dir: 'some-dir', input: s.input, output: s.output });
    assert.deepEqual(params, { dir: 'some-dir', name: 'my-net', template: 'streaming' });
    assert.match(s.shown(), /'Bad Name' is not a valid npm package name/);
    assert.match(s.shown(), /no template '9'/);
    assert.match(s.shown(), /1\. basic/);
  });

  test('empty answers take the defaults: the directory name and the first template', async () => {
    const s = session('\n2\n');
    const params = await promptScaffoldParameters({ dir: '/tmp/Cool_Subnet', input: s.input, output: s.output });
    assert.deepEqual(params, { dir: '/tmp/Cool_Subnet', name: 'cool_subnet', template: 'streaming' });
  });

  test('asks nothing that the flags gave; ending the input early is an error, not a default', async () => {
    const given = session('');
    assert.deepEqual(
      await promptScaffoldParameters({
        dir: 'd',
        name: 'n',
        template: 'model',
        input: given.input,
        output: given.output,
      }),
      { dir: 'd', name: 'n', template: 'model' },
    );
    const ended = session('');
    await assert.rejects(
      promptScaffoldParameters({ dir: 'd', input: ended.input, output: ended.output }),
      /input ended/,
    );
  });
});
