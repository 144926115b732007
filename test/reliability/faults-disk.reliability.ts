/**
 * Faults, disk side: the validator's state directory (scores, pending weight commits) and a wallet on a disk that
 * fills up or turns read-only. Every write must fail with an error naming the file and the reason, leave the file
 * before it byte for byte (no half-written state, no temp files), keep reads working, and work again once there is
 * space.
 *
 * The disk is real: a 1 MiB tmpfs mounted in a private mount namespace (`unshare -m` as root, `unshare -Urm` as a
 * user), filled until the kernel says ENOSPC, then remounted read-only (EROFS). chmod would not do: tests run as root
 * in CI, and root writes through permission bits. Where namespaces are not allowed the test is skipped, saying so;
 * the second test (a file where the state directory should be, ENOTDIR) runs everywhere.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PendingCommitStore } from '@subnetkit/metagraph';
import { StateStore } from 'subnetkit';
import { ROOT } from './support/child.js';
import { figures } from './support.js';

const results: Record<string, unknown> = {};
after(() => figures('faults-disk', results));

type Writes = Record<string, { code?: string; message: string } | 'ok'>;
interface Phase {
  phase: string;
  fill?: string;
  writes?: Writes;
  hashes: Record<string, string | null>;
  leftovers?: string[];
  loadedStep?: number;
  loadedCommits?: number;
  hotkey?: string;
  recoveredStep?: number;
}

/** Whether this process may make a private mount namespace with a tmpfs in it (root, or user namespaces). */
function unshareArgs(): string[] | undefined {
  const args = process.getuid?.() === 0 ? ['-m'] : ['-Urm'];
  const probe = spawnSync(
    'unshare',
    [...args, 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || mount -t tmpfs -o size=64k tmpfs /tmp'],
    {
      encoding: 'utf8',
    },
  );
  return probe.status === 0 ? args : undefined;
}

test('a full, then read-only state directory: clear errors naming each file, files unchanged, reads work, recovery once there is space', async (t) => {
  const args = unshareArgs();
  if (!args) {
    t.skip('unshare cannot mount a tmpfs here (no root, no user namespaces): the real-disk case is not run');
    return;
  }
  const mnt = await mkdtemp(join(tmpdir(), 'faults-disk-'));
  try {
    const node = `'${process.execPath}' --conditions=subnetkit-source --import tsx test/reliability/support/disk-writer.ts`;
    const script = [
      `mount -t tmpfs -o size=1m tmpfs '${mnt}'`,
      `${node} prepare '${mnt}'`,
      `${node} full '${mnt}'`,
      `mount -o remount,ro '${mnt}'`,
      `${node} readonly '${mnt}'`,
    ].join(' && ');
    const t0 = performance.now();
    const run = spawnSync('unshare', [...args, 'sh', '-c', script], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_TEST_CONTEXT: '' },
      timeout: 180_000,
    });
    results.realDiskMs = Math.round(performance.now() - t0);
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const phases = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('RESULT '))
      .map((l) => JSON.parse(l.slice(7)) as Phase);
    const [prepare, full, readonly] = phases as [Phase, Phase, Phase];
    assert.deepEqual(
      phases.map((p) => p.phase),
      ['prepare', 'full', 'readonly'],
    );
    const [statePath, commitPath, hotkeyPath] = Object.keys(prepare.hashes) as [string, string, string];
    for (const p of Object.values(prepare.hashes)) assert.ok(p, 'prepare wrote every file');

    // Disk full: the kernel's ENOSPC, named with the file, for each writer.
    assert.equal(full.fill, 'ENOSPC');
    const expectFailure = (w: Writes, name: string, code: string, path: string, errno: string) => {
      const e = w[name];
      assert.ok(e && e !== 'ok', `${name}: the write should have failed`);
      assert.equal(e.code, code, `${name}: ${e.message}`);
      assert.ok(e.message.includes(path), `${name}: the message names ${path}: ${e.message}`);
      // The errno, or the atomic write's words for it.
      const said = { ENOSPC: /ENOSPC|no space left/, EROFS: /EROFS|read-only/ }[errno] ?? new RegExp(errno);
      assert.match(e.message, said, `${name}: the message says ${errno}: ${e.message}`);
    };
    expectFailure(full.writes!, 'state', 'NEURON_STATE', statePath, 'ENOSPC');
    expectFailure(full.writes!, 'commit', 'METAGRAPH_COMMIT_STORE', commitPath, 'ENOSPC');
    expectFailure(full.writes!, 'hotkey', 'WALLET_IO', hotkeyPath, 'ENOSPC');
    expectFailure(full.writes!, 'validatorStart', 'NEURON_STATE', join(mnt, 'validators', '2-other.json'), 'ENOSPC');
    assert.deepEqual(full.hashes, prepare.hashes, 'every file is byte for byte what it was before the failed writes');
    assert.deepEqual(full.leftovers, [], 'no temp files left on the full disk');
    assert.deepEqual([full.loadedStep, full.loadedCommits], [3, 1], 'the old state and commit still load');
    assert.equal(full.recoveredStep, 5, 'with space again, the next save works');

    // Read-only: EROFS, and reads (a validator restarting) still work.
    expectFailure(readonly.writes!, 'state', 'NEURON_STATE', statePath, 'EROFS');
    expectFailure(readonly.writes!, 'commit', 'METAGRAPH_COMMIT_STORE', commitPath, 'EROFS');
    expectFailure(readonly.writes!, 'hotkey', 'WALLET_IO', hotkeyPath, 'EROFS');
    expectFailure(readonly.writes!, 'validatorStart', 'NEURON_STATE', join(mnt, 'validators', '2-other.json'), 'EROFS');
    assert.deepEqual(readonly.leftovers, []);
    assert.deepEqual([readonly.loadedStep, readonly.loadedCommits], [5, 1]);
    assert.equal(readonly.hotkey, full.hotkey, 'the wallet still reads');
    results.fullErrors = Object.fromEntries(
      Object.entries(full.writes!).map(([k, v]) => [k, v === 'ok' ? v : v.message]),
    );
  } finally {
    spawnSync('umount', [mnt]); // only mounted inside the namespace; harmless if nothing is there
    await rm(mnt, { recursive: true, force: true });
  }
});

test('a file where the state directory should be (any user, root too): clear errors, nothing written', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'faults-notdir-'));
  try {
    const blocker = join(dir, 'validators');
    await writeFile(blocker, 'not a directory');
    const statePath = join(blocker, '2-v.json');
    const save = new StateStore(statePath).save({
      netuid: 2,
      hotkey: '5v',
      step: 1,
      block: 1,
      nextWeightsBlock: 0,
      lastWeightsBlock: 0,
      scores: [1],
      hotkeys: ['5m'],
    });
    await assert.rejects(save, (e: Error & { code?: string }) => {
      assert.equal(e.code, 'NEURON_STATE');
      assert.ok(e.message.includes(statePath) && /ENOTDIR|EEXIST/.test(e.message), e.message);
      return true;
    });
    const commitPath = join(blocker, '2-v.commits.json');
    await assert.rejects(new PendingCommitStore({ path: commitPath }).all(), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'METAGRAPH_COMMIT_STORE');
      assert.ok(e.message.includes(commitPath) && e.message.includes('ENOTDIR'), e.message);
      return true;
    });
    assert.equal(await readFile(blocker, 'utf8'), 'not a directory');
    assert.deepEqual(await readdir(dir), ['validators']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
