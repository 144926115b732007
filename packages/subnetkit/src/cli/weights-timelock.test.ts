/**
 * Spawns the real CLI for the offline timelock tools: a commit built by `weights timelock` for quicknet round 1000
 * opens with the real round-1000 signature through `weights untimelock`, and a wrong signature or a damaged commit is
 * named as the reason the chain would drop it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'subnetkit-timelock-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'packages/subnetkit/bin/subnetkit.js'), 'weights', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const SIG_1000 = 'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39';
const SIG_2000 = 'b6cb8f482a0b15d45936a4c4ea08e98a087e71787caee3f4d07a8a9843b1bc5423c6b3c22f446488b3137eaca799c77e';
const HOTKEY = '5DtUJ9ytbeCMjovFieNwaxxqRP3DzT6iQPnZTyKmi3n6iXey';

describe('subnetkit weights timelock / untimelock', () => {
  const made = cli(
    'timelock',
    '--round',
    '1000',
    '--hotkey',
    HOTKEY,
    '--uids',
    '1,2,3',
    '--weights',
    '0.2,0.3,0.5',
    '--version-key',
    '9',
    '--json',
  );
  const built = JSON.parse(made.out) as { commit: string; values: number[]; bytes: number };

  test('timelock prints the commit for the round, with the weights as the chain gets them', () => {
    assert.equal(made.code, 0, made.err);
    assert.deepEqual(built.values, [26214, 39321, 65535]); // max-upscaled to u16 like the Python SDK
    assert.equal(built.bytes, 244 + 33 + 7 + 7 + 8);
    assert.match(built.commit, /^0x[0-9a-f]+$/);
    const plain = cli('timelock', '--round', '1000', '--hotkey', HOTKEY, '--uids', '1', '--weights', '1');
    assert.match(plain.out.trim(), /^0x[0-9a-f]{582}$/); // 244 + 47 bytes (hotkey 33, uids 3, values 3, key 8)
  });

  test('untimelock opens it with the real round signature (inline hex and from a file)', () => {
    const r = cli('untimelock', built.commit, '--signature', SIG_1000, '--json');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), {
      ok: true,
      hotkey: HOTKEY,
      uids: [1, 2, 3],
      values: [26214, 39321, 65535],
      versionKey: '9',
    });
    const file = join(dir, 'commit.hex');
    writeFileSync(file, `${built.commit}\n`);
    const text = cli('untimelock', file, '--signature', `0x${SIG_1000}`);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /uids\s+\[1, 2, 3\]/);
    assert.match(text.out, /values\(u16\)\s+\[26214, 39321, 65535\]/);
    assert.match(text.out, /version key 9/);
  });

  test('untimelock names why the chain would drop a commit', () => {
    const wrong = cli('untimelock', built.commit, '--signature', SIG_2000, '--json');
    assert.equal(wrong.code, 1);
    assert.equal(JSON.parse(wrong.out).reason, 'u-check');
    const named = cli('untimelock', built.commit, '--signature', SIG_2000, '--round', '1000');
    assert.equal(named.code, 1);
    assert.match(named.out, /\(signature\).*round 1000/);
    const cut = cli('untimelock', built.commit.slice(0, 400), '--signature', SIG_1000);
    assert.equal(cut.code, 1);
    assert.match(cut.out, /\(framing\)/);
    const bad = cli('untimelock', built.commit, '--signature', 'abcd');
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /--signature must be 48 bytes/);
  });

  test('timelock refuses to build a commit without the hotkey', () => {
    const r = cli('timelock', '--round', '1000', '--uids', '1', '--weights', '1');
    assert.notEqual(r.code, 0);
    assert.match(r.err, /--hotkey <ss58> is required/);
  });
});
