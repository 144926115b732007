import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type PendingCommit, PendingCommitStore } from './store.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'subnetkit-commits-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const key = { genesisHash: '0xaa', netuid: 2, hotkey: '5Hot' };
const commit = (hash: string, createdAt: number, over: Partial<PendingCommit> = {}): PendingCommit => ({
  ...key,
  hash,
  uids: [1, 2],
  values: [65535, 100],
  salt: [7, 8],
  versionKey: '18446744073709551615',
  commitBlock: 71,
  firstRevealBlock: 74,
  lastRevealBlock: 84,
  createdAt,
  ...over,
});

describe('PendingCommitStore', () => {
  it('survives a restart: a new store on the same file sees the commits, u64 version key intact', async () => {
    const path = join(dir, 'a', 'pending.json');
    await new PendingCommitStore({ path }).add(commit('0x01', 1));
    const reopened = new PendingCommitStore({ path });
    const [c] = await reopened.list(key);
    assert.equal(c?.hash, '0x01');
    assert.equal(c?.versionKey, '18446744073709551615');
    assert.deepEqual(c?.salt, [7, 8]);
  });

  it('writes the file 0600 and leaves no temp files behind', async () => {
    const path = join(dir, 'b', 'pending.json');
    const store = new PendingCommitStore({ path });
    await Promise.all([store.add(commit('0x01', 1)), store.add(commit('0x02', 2)), store.add(commit('0x03', 3))]);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(join(dir, 'b')), ['pending.json']);
    assert.deepEqual(
      (await store.list(key)).map((c) => c.hash),
      ['0x01', '0x02', '0x03'],
    );
  });

  it("removes the temp file a process killed mid-write left (a dead writer's, by name), and nothing else", async () => {
    const sub = join(dir, 'killed');
    await mkdir(sub);
    const path = join(sub, 'v.commits.json');
    await new PendingCommitStore({ path }).add(commit('0x01', 1));
    // 9999999: above Linux's pid_max, so never a live writer.
    await writeFile(join(sub, '.v.commits.json.9999999.0a1b2c3d4e5f.tmp'), '{"version":1,"comm');
    await writeFile(join(sub, '.v.json.9999999.0a1b2c3d4e5f.tmp'), 'the state store cleans its own');
    await writeFile(join(sub, 'v.commits.json.bak'), 'x');
    const reopened = new PendingCommitStore({ path });
    assert.deepEqual(
      (await reopened.list(key)).map((c) => c.hash),
      ['0x01'],
    );
    assert.deepEqual((await readdir(sub)).sort(), [
      '.v.json.9999999.0a1b2c3d4e5f.tmp',
      'v.commits.json',
      'v.commits.json.bak',
    ]);
  });

  it('keeps commits of other chains, subnets and hotkeys apart', async () => {
    const store = new PendingCommitStore({ path: join(dir, 'c.json') });
    await store.add(commit('0x01', 1));
    await store.add(commit('0x02', 2, { genesisHash: '0xbb' }));
    await store.add(commit('0x03', 3, { netuid: 3 }));
    await store.add(commit('0x04', 4, { hotkey: '5Other' }));
    assert.deepEqual(
      (await store.list(key)).map((c) => c.hash),
      ['0x01'],
    );
    assert.equal(await store.remove(key, ['0x01', '0x02']), 1);
    assert.deepEqual(
      (await store.all()).map((c) => c.hash),
      ['0x02', '0x03', '0x04'],
    );
  });

  it('is bounded per key and in total, evicting the oldest', async () => {
    const store = new PendingCommitStore({ path: join(dir, 'd.json'), maxPerKey: 2, maxTotal: 3 });
    for (let i = 1; i <= 4; i++) await store.add(commit(`0x0${i}`, i));
    assert.deepEqual(
      (await store.list(key)).map((c) => c.hash),
      ['0x03', '0x04'],
    );
    await store.add(commit('0x10', 10, { netuid: 7 }));
    await store.add(commit('0x11', 11, { netuid: 8 }));
    assert.deepEqual(
      (await store.all()).map((c) => c.hash),
      ['0x04', '0x10', '0x11'],
    );
  });

  it('refuses a corrupt file with an error naming it instead of silently dropping commits', async () => {
    const path = join(dir, 'e.json');
    await writeFile(path, '{"version":1,"commits":[{"hash":1}]}');
    const store = new PendingCommitStore({ path });
    await assert.rejects(store.list(key), (e: Error & { code?: string }) => {
      return e.code === 'METAGRAPH_COMMIT_STORE' && e.message.includes(path);
    });
    await writeFile(path, 'not json');
    await assert.rejects(store.add(commit('0x01', 1)), /not valid JSON/);
    assert.equal(await readFile(path, 'utf8'), 'not json');
  });

  it('a directory that cannot be written: the error names the file and the reason, and nothing is left behind', async () => {
    // A file where the directory should be refuses writes for root too (unlike chmod).
    const blocker = join(dir, 'not-a-dir');
    await writeFile(blocker, 'x');
    const path = join(blocker, 'commits.json');
    const store = new PendingCommitStore({ path });
    await assert.rejects(store.add(commit('0x02', 1)), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'METAGRAPH_COMMIT_STORE');
      assert.ok(e.message.startsWith(`cannot read pending commits from ${path}: ENOTDIR: not a directory`), e.message);
      return true;
    });
    assert.equal(await readFile(blocker, 'utf8'), 'x');
  });
});
