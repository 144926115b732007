import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AtomicWriteError, atomicTempPath, removeStaleTemps, writeFileAtomic } from './atomic-write.js';
import { SubnetkitError } from './subnetkit-error.js';

const MODULE = fileURLToPath(new URL('./atomic-write.ts', import.meta.url));
const NOBODY = 65534;

/**
 * Runs writeFileAtomic(path, 'new') in a process that cannot write a 0555 directory: this one when it is not root,
 * else a child running as `nobody` (root ignores directory permissions). Returns the error's code, shortMessage and
 * hints, or 'ok'.
 */
function writeUnprivileged(path: string): { code: string; shortMessage: string; metaMessages: string[] } | 'ok' {
  const script = `
    const { writeFileAtomic } = await import(${JSON.stringify(MODULE)});
    try { await writeFileAtomic(${JSON.stringify(path)}, 'new'); console.log('"ok"'); }
    catch (e) { console.log(JSON.stringify({ code: e.code, shortMessage: e.shortMessage, metaMessages: e.metaMessages })); }`;
  const root = process.getuid?.() === 0;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    ...(root ? { uid: NOBODY, gid: NOBODY, env: { ...process.env, HOME: tmpdir() } } : {}),
  });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '');
}

describe('writeFileAtomic', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atomic-write-'));
    await chmod(dir, 0o755); // readable by the unprivileged child
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes the file, creating missing directories, and leaves no temp file', async () => {
    const path = join(dir, 'a', 'b', 'state.json');
    await writeFileAtomic(path, '{"x":1}\n');
    assert.equal(await readFile(path, 'utf8'), '{"x":1}\n');
    assert.deepEqual(await readdir(join(dir, 'a', 'b')), ['state.json']);
  });

  it('sets the mode exactly when given (0600 for secrets)', async () => {
    const path = join(dir, 'secret');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]), { mode: 0o600 });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual([...(await readFile(path))], [1, 2, 3]);
  });

  it('replaces an existing file by default; refuses with FILE_EXISTS when overwrite is false', async () => {
    const path = join(dir, 'replace.txt');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two');
    assert.equal(await readFile(path, 'utf8'), 'two');
    await assert.rejects(writeFileAtomic(path, 'three', { overwrite: false }), (err: unknown) => {
      assert.ok(err instanceof AtomicWriteError && err instanceof SubnetkitError);
      assert.equal(err.code, 'FILE_EXISTS');
      assert.equal(err.path, path);
      return true;
    });
    assert.equal(await readFile(path, 'utf8'), 'two');
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  it('in a read-only directory: FILE_PERMISSION_DENIED naming the path, the old file kept, no temp file', async () => {
    const ro = join(dir, 'read-only');
    await mkdir(ro);
    const path = join(ro, 'model.json');
    await writeFile(path, 'old');
    await chmod(ro, 0o555);
    try {
      const result = writeUnprivileged(path);
      assert.notEqual(result, 'ok');
      if (result === 'ok') return;
      assert.equal(result.code, 'FILE_PERMISSION_DENIED');
      assert.match(result.shortMessage, /model\.json.*permission denied/);
      assert.match(result.metaMessages.join('\n'), /may write to .*read-only/);
    } finally {
      await chmod(ro, 0o755);
    }
    assert.equal(await readFile(path, 'utf8'), 'old');
    assert.deepEqual(await readdir(ro), ['model.json']);
  });

  it('a failure after the temp file was written (target is a directory) removes the temp file', async () => {
    const path = join(dir, 'is-a-dir');
    await mkdir(join(path, 'child'), { recursive: true });
    await assert.rejects(writeFileAtomic(path, 'x'), (err: unknown) => {
      assert.ok(err instanceof AtomicWriteError);
      assert.equal(err.code, 'FILE_WRITE_FAILED');
      assert.match(err.shortMessage, /is-a-dir/);
      return true;
    });
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.startsWith('.is-a-dir')),
      [],
    );
    assert.deepEqual(await readdir(path), ['child']);
  });

  it('a parent that is a file is an error naming the directory', async () => {
    await writeFile(join(dir, 'plain'), 'x');
    await assert.rejects(writeFileAtomic(join(dir, 'plain', 'f'), 'x'), /could not create the directory .*plain/);
  });
});

describe('removeStaleTemps', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stale-temps-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("removes a dead writer's temp files of the target, keeps a live writer's and every other file", async () => {
    const path = join(dir, 'state.json');
    await writeFile(path, '{"ok":true}');
    // A writer that died mid-write: a half temp file named with its (now dead) pid, as a SIGKILL leaves it.
    const dead = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `
        const { atomicTempPath } = await import(${JSON.stringify(MODULE)});
        const { writeFileSync } = await import('node:fs');
        writeFileSync(atomicTempPath(${JSON.stringify(path)}), '{"half":');`,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(dead.status, 0, dead.stderr);
    // A writer still running (another process with the file open for a write right now) keeps its temp file.
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const liveTemp = `.state.json.${live.pid}.0123456789ab.tmp`;
      const others = [
        'state.json.tmp',
        '.state.json.bak',
        '.state.json.123.zz23456789ab.tmp',
        '.other.json.1.0123456789ab.tmp',
        '.state.json.commits.json.1.0123456789ab.tmp',
      ];
      for (const n of [liveTemp, ...others]) await writeFile(join(dir, n), 'x');
      const stale = (await readdir(dir)).filter((n) => n.startsWith('.state.json.') && !n.includes(`.${live.pid}.`));
      assert.ok(
        stale.some((n) => /^\.state\.json\.\d+\.[0-9a-f]{12}\.tmp$/.test(n)),
        `the dead writer left its temp file: ${stale}`,
      );
      const removed = await removeStaleTemps(path);
      assert.deepEqual(
        removed,
        stale.filter((n) => n.endsWith('.tmp') && !others.includes(n)),
      );
      assert.deepEqual((await readdir(dir)).sort(), ['state.json', liveTemp, ...others].sort());
      assert.equal(await readFile(path, 'utf8'), '{"ok":true}', 'the target is untouched');
    } finally {
      live.kill('SIGKILL');
    }
  });

  it("this process's own leftovers go too (a restarted container often gets the same pid); a missing directory is fine", async () => {
    const path = join(dir, 'own', 'f.json');
    await mkdir(join(dir, 'own'));
    const mine = atomicTempPath(path);
    await writeFile(mine, 'half');
    assert.deepEqual(await removeStaleTemps(path), [mine.slice(join(dir, 'own').length + 1)]);
    assert.deepEqual(await readdir(join(dir, 'own')), []);
    assert.deepEqual(await removeStaleTemps(join(dir, 'missing', 'f.json')), []);
  });
});
