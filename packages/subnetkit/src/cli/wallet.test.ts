/** End-to-end: the real `subnetkit` binary on a temporary wallet path. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Keypair, Wallet } from '@subnetkit/wallet';

const BIN = fileURLToPath(new URL('../../bin/subnetkit.js', import.meta.url));
const MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], input = ''): Promise<Result> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith('BT_WALLET') || k.startsWith('BT_PW_')) delete env[k];
    const child = spawn(process.execPath, [BIN, 'wallet', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'subnetkit-cli-wallet-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('subnetkit wallet', { timeout: 600_000 }, () => {
  it('create --no-password, then list and show report the same addresses', async () => {
    const created = await cli(['create', '--no-password', '--wallet.path', root, '--json']);
    assert.equal(created.code, 0, created.stderr);
    const out = JSON.parse(created.stdout);
    assert.equal(out.coldkey.mnemonic.split(' ').length, 12);
    assert.equal((await Keypair.fromMnemonic(out.coldkey.mnemonic)).address, out.coldkey.address);
    assert.equal((await stat(join(root, 'default', 'coldkey'))).mode & 0o777, 0o600);
    assert.equal((await stat(join(root, 'default', 'hotkeys', 'default'))).mode & 0o777, 0o600);

    const list = await cli(['list', '--wallet.path', root, '--json']);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(JSON.parse(list.stdout).wallets, [
      { name: 'default', coldkeypub: out.coldkey.address, hotkeys: [{ name: 'default', address: out.hotkey.address }] },
    ]);
    const human = await cli(['list', '--wallet-path', root]);
    assert.match(human.stdout, new RegExp(`default\\s+${out.coldkey.address}`));

    const show = await cli(['show', '--wallet_path', root, '--json']);
    assert.equal(show.code, 0, show.stderr);
    const shown = JSON.parse(show.stdout);
    assert.equal(shown.coldkey.address, out.coldkey.address);
    assert.equal(shown.coldkey.encryption, 'none');
    assert.equal(shown.hotkey.address, out.hotkey.address);
    assert.deepEqual(shown.hotkeys, ['default']);

    // Running create again refuses, naming the file, and leaves the keys alone.
    const again = await cli(['create', '--no-password', '--wallet.path', root]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /WALLET_KEYFILE_EXISTS/);
    assert.ok(again.stderr.includes(join(root, 'default', 'coldkey')));
    const pub = JSON.parse(await readFile(join(root, 'default', 'coldkeypub.txt'), 'utf8'));
    assert.equal(pub.ss58Address, out.coldkey.address);
  });

  it('regen-coldkey/regen-hotkey/new-hotkey with btcli-style flags', async () => {
    const expected = (await Keypair.fromMnemonic(MNEMONIC)).address;
    const regen = await cli([
      'regen-coldkey',
      '--wallet.path',
      root,
      '--wallet.name',
      'r',
      '--mnemonic',
      MNEMONIC,
      '--no-password',
    ]);
    assert.equal(regen.code, 0, regen.stderr);
    assert.ok(regen.stdout.includes(expected));
    // A secret on the command line still works for scripts, with a warning that does not repeat it.
    assert.match(
      regen.stderr,
      /warning: the secret given to --mnemonic on the command line can be read by other users/,
    );
    assert.ok(!regen.stderr.includes('legal winner'));
    const hk = await cli(['regen-hotkey', '-p', root, '-w', 'r', '-H', 'alice', '--uri', '//Alice']);
    assert.equal(hk.code, 0, hk.stderr);
    assert.equal(hk.stderr, '', 'a development URI is no secret: no warning');
    const nh = await cli([
      'new-hotkey',
      `--wallet-path=${root}`,
      '--wallet-name=r',
      '--wallet-hotkey=h2',
      '--n-words',
      '24',
      '--json',
    ]);
    assert.equal(nh.code, 0, nh.stderr);
    assert.equal(JSON.parse(nh.stdout).hotkey.mnemonic.split(' ').length, 24);
    const show = JSON.parse((await cli(['show', '-p', root, '-w', 'r', '-H', 'alice', '--json'])).stdout);
    assert.equal(show.coldkey.address, expected);
    assert.equal(show.hotkey.address, '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
    assert.deepEqual(show.hotkeys, ['alice', 'h2']);
    // --overwrite replaces the coldkey with one from a seed.
    const seeded = await cli([
      'regen-coldkey',
      '-p',
      root,
      '-w',
      'r',
      '--seed',
      `0x${'11'.repeat(32)}`,
      '--no-password',
    ]);
    assert.equal(seeded.code, 1);
    const forced = await cli([
      'regen-coldkey',
      '-p',
      root,
      '-w',
      'r',
      '--seed',
      `0x${'11'.repeat(32)}`,
      '--no-password',
      '--overwrite',
    ]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.ok(forced.stdout.includes((await Keypair.fromSeed(`0x${'11'.repeat(32)}`)).address));
  });

  it('reads the coldkey password from stdin when not a terminal and encrypts with $NACL', async () => {
    const weak = await cli(['create', '-p', root, '-w', 'enc'], 'abc\n');
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /too short/);
    const none = await cli(['create', '-p', root, '-w', 'enc']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no password on stdin/);
    const ok = await cli(['create', '-p', root, '-w', 'enc', '--hide-mnemonic', '--json'], 'pw-123456\n');
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).coldkey.mnemonic, undefined);
    const data = await readFile(join(root, 'enc', 'coldkey'));
    assert.equal(data.subarray(0, 5).toString(), '$NACL');
    assert.ok(!data.includes(Buffer.from('secretPhrase')));
    const show = JSON.parse((await cli(['show', '-p', root, '-w', 'enc', '--json'])).stdout);
    assert.equal(show.coldkey.encryption, 'nacl');
    assert.equal(show.coldkey.address, JSON.parse(ok.stdout).coldkey.address);
  });

  it('reads --mnemonic/--seed without a value from stdin: same keys, and no secret in the process arguments', async () => {
    const expected = (await Keypair.fromMnemonic(MNEMONIC)).address;
    const hot = await cli(['regen-hotkey', '-p', root, '-w', 'piped', '--mnemonic'], `${MNEMONIC}\n`);
    assert.equal(hot.code, 0, hot.stderr);
    assert.ok(hot.stdout.includes(expected));
    assert.equal(hot.stderr, '', 'no warning for the stdin form');
    const seed = `0x${'22'.repeat(32)}`;
    const seeded = await cli(['regen-hotkey', '-p', root, '-w', 'piped', '-H', 's', '--seed', '-'], `${seed}\n`);
    assert.equal(seeded.code, 0, seeded.stderr);
    assert.ok(seeded.stdout.includes((await Keypair.fromSeed(seed)).address));
    const empty = await cli(['regen-hotkey', '-p', root, '-w', 'piped', '-H', 'e', '--seed']);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /CLI_NO_SEED.*no seed on stdin/);

    // An encrypted coldkey, in a wallet whose name has a '-': the phrase, then the password, each one line of stdin.
    // While the command waits for the password, its command line (what `ps` shows every user) holds neither.
    const child = spawn(
      process.execPath,
      [BIN, 'wallet', 'regen-coldkey', '-p', root, '-w', 'my-wallet', '--mnemonic'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const closed = new Promise<number | null>((r) => child.on('close', r));
    child.stdin.write(`${MNEMONIC}\n`);
    await new Promise((r) => setTimeout(r, 1500));
    const cmdline = await readFile(`/proc/${child.pid}/cmdline`, 'utf8');
    assert.match(cmdline, /regen-coldkey/, 'the process is still there, waiting');
    assert.ok(!cmdline.includes('legal') && !cmdline.includes('pw-dash-123'), cmdline);
    child.stdin.end('pw-dash-123\n');
    assert.equal(await closed, 0, stderr);
    assert.ok(stdout.includes(expected));
    assert.equal((await readFile(join(root, 'my-wallet', 'coldkey'))).subarray(0, 5).toString(), '$NACL');

    // env-password prints a name sh can export ('-' as '_'), and the wallet opens with it.
    const env = await cli(['env-password', '-p', root, '-w', 'my-wallet', '--coldkey', '--json'], 'pw-dash-123\n');
    assert.equal(env.code, 0, env.stderr);
    const { variable, value, btwalletVariable } = JSON.parse(env.stdout);
    assert.match(variable, /^BT_PW_[A-Z0-9_]*_MY_WALLET_COLDKEY$/);
    assert.match(btwalletVariable, /_MY-WALLET_COLDKEY$/);
    const text = await cli(['env-password', '-p', root, '-w', 'my-wallet', '--coldkey'], 'pw-dash-123\n');
    assert.equal(text.stdout.trim(), `export ${variable}='${value}'`);
    const sh = spawnSync('sh', ['-c', `${text.stdout.trim()} && printenv ${variable}`], { encoding: 'utf8' });
    assert.equal(sh.stdout.trim(), value, sh.stderr);
    const wallet = new Wallet({ path: root, name: 'my-wallet', env: { [variable]: value } });
    assert.equal((await wallet.getColdkey()).address, expected);
  });

  it('rejects bad usage with exit code 2', async () => {
    // Independent invocations: run them side by side to keep the suite short.
    const codes = await Promise.all([
      cli(['create', '--bogus']),
      cli(['create', '-p', root, '--n-words', '13', '--no-password']),
      cli(['frobnicate']),
      cli(['regen-coldkey', '-p', root, '--seed', '0x00', '--mnemonic', 'x']),
    ]);
    assert.deepEqual(
      codes.map((r) => r.code),
      [2, 2, 2, 2],
    );
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--wallet\.path/);
  });
});
