/** `subnetkit dashboard` usage errors (the command against a real chain is tested in test/dashboard). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/subnetkit.js', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, 'dashboard', ...args], { encoding: 'utf8' });

describe('subnetkit dashboard', () => {
  it('--help prints the usage and exits 0', () => {
    const r = cli('--help');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^usage: subnetkit dashboard --netuid <n>/);
  });
  it('a missing --netuid or a bad port is a usage error (exit 2) that names it', () => {
    const none = cli();
    assert.equal(none.status, 2);
    assert.match(none.stderr, /--netuid is required/);
    const badPort = cli('--netuid', '2', '--port', '99999');
    assert.equal(badPort.status, 2);
    assert.match(badPort.stderr, /--port must be an integer in 0\.\.65535, got '99999'/);
    const unknown = cli('--netuid', '2', '--colour', 'red');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown flag --colour/);
  });
  it('is listed by subnetkit --help', () => {
    const r = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    assert.match(r.stdout, /^ {2}dashboard +a subnet's live web page/m);
  });
});
