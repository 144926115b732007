/**
 * The CLI as a user meets it, through the real bin: every command has help with a usage line and examples, exit
 * codes mean the same everywhere (0 ok, 1 failure, 2 usage), errors are one sentence with the fix, settings follow
 * flags > environment > config file, and `synapse hash` never loads the chain client.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { COMMANDS } from './registry.js';
import { BIN, cleanEnv, runCli } from './test-support.js';

const dir = mkdtempSync(join(tmpdir(), 'subnetkit-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], opts: { env?: Record<string, string>; input?: string; nodeArgs?: string[] } = {}) => {
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], {
    encoding: 'utf8',
    env: cleanEnv(opts.env),
    input: opts.input ?? '',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** Runs several invocations side by side (each loads the sources through tsx, which takes seconds here). */
const cliAll = (runs: string[][], env?: Record<string, string>) => Promise.all(runs.map((args) => runCli(args, env)));

async function refusedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

describe('subnetkit --help and every command’s help', { timeout: 600_000 }, () => {
  it('lists every command', () => {
    const r = cli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^usage: subnetkit <command> \[options\]/);
    for (const spec of COMMANDS) assert.match(r.out, new RegExp(`^  ${spec.name} +\\S`, 'm'), spec.name);
  });

  it('each command prints a usage line, its flags and examples, exit 0', async () => {
    const results = await cliAll(COMMANDS.map((s) => [...s.name.split(' '), '--help']));
    for (const [i, r] of results.entries()) {
      const spec = COMMANDS[i]!;
      assert.equal(r.code, 0, `${spec.name}: ${r.err}`);
      assert.match(r.out, new RegExp(`^usage: subnetkit ${spec.name} `), spec.name);
      assert.match(r.out, /\noptions:\n/, spec.name);
      assert.match(r.out, /\nexamples:\n {2}subnetkit /, spec.name);
      assert.match(r.out, /--verbose/, spec.name);
    }
  });
});

describe('exit codes and one-line errors', { timeout: 600_000 }, () => {
  it('usage errors exit 2 and name the problem, for every kind of command', async () => {
    const [unknownCmd, unknownFlag, missingNetuid, badNetuid, missingArg, extraArg, bareGroup, badList] = await cliAll([
      ['frobnicate'],
      ['metagraph', '--netuid', '1', '--colour', 'red'],
      ['weights', 'set', '--uids', '1', '--weights', '1'],
      ['subnet', 'register', '--netuid', 'two'],
      ['miner'],
      ['wallet', 'list', 'extra'],
      ['weights'],
      ['weights', 'set', '--netuid', '1', '--uids', '1,x', '--weights', '1,1'],
    ]);
    assert.deepEqual(
      [unknownCmd, unknownFlag, missingNetuid, badNetuid, missingArg, extraArg, bareGroup, badList].map((r) => r?.code),
      [2, 2, 2, 2, 2, 2, 2, 2],
    );
    assert.match(unknownCmd!.err, /^subnetkit: unknown command 'frobnicate'/);
    assert.match(unknownFlag!.err, /^subnetkit metagraph: unknown flag --colour\nRun 'subnetkit metagraph --help'/);
    assert.match(missingNetuid!.err, /^subnetkit weights set: --netuid is required \(or set SUBNETKIT_NETUID/);
    assert.match(badNetuid!.err, /--netuid must be a number, got 'two'/);
    assert.match(missingArg!.err, /missing required argument 'entry'/);
    assert.match(badList!.err, /--uids item 2 \('x'\) is not a number/);
  });

  it('a missing wallet: one sentence naming the key file and the command that creates it, exit 1', () => {
    const r = cli([
      'weights',
      'set',
      '--netuid',
      '1',
      '--uids',
      '0',
      '--weights',
      '1',
      '--wallet.path',
      join(dir, 'none'),
      '--wallet.name',
      'v',
    ]);
    assert.equal(r.code, 1, r.err);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(
      r.err,
      new RegExp(
        `^subnetkit weights set: No key file at ${join(dir, 'none', 'v', 'hotkeys', 'default')}: create it with 'subnetkit wallet new-hotkey --wallet.path ${join(dir, 'none')} --wallet.name v --wallet.hotkey default'`,
      ),
    );
    const verbose = cli([
      'weights',
      'set',
      '--netuid',
      '1',
      '--uids',
      '0',
      '--weights',
      '1',
      '--wallet.path',
      join(dir, 'none'),
      '--verbose',
    ]);
    assert.match(verbose.err, /\n\s+at /, '--verbose adds the stack');
  });

  it('a wrong password: one sentence naming the coldkey file, exit 1', () => {
    const path = join(dir, 'wallets');
    const created = cli(
      ['wallet', 'create', '--wallet.path', path, '--wallet.name', 'enc', '--hide-mnemonic', '--json'],
      {
        input: 'right-password\n',
      },
    );
    assert.equal(created.code, 0, created.err);
    assert.match(created.err, /encrypting the coldkey \(Argon2i, 512 MiB\): done in [\d.]+ s/, 'progress on stderr');
    const r = cli(['subnet', 'register', '--netuid', '1', '--wallet.path', path, '--wallet.name', 'enc'], {
      input: 'wrong-password\n',
    });
    assert.equal(r.code, 1, r.err);
    assert.match(
      r.err.trim().split('\n').at(-1) ?? '',
      new RegExp(
        `^subnetkit subnet register: Wrong password for ${join(path, 'enc', 'coldkey')}: run the command again`,
      ),
    );
    assert.doesNotMatch(r.err, /\n\s+at /);
  });

  it('a refused connection names the endpoint, exit 1', async () => {
    const url = `ws://127.0.0.1:${await refusedPort()}`;
    const r = cli(['metagraph', '--netuid', '1', '--chain', url]);
    assert.equal(r.code, 1, r.err);
    const last = r.err.trim().split('\n').at(-1) ?? '';
    assert.match(
      last,
      new RegExp(`^subnetkit metagraph: Could not connect to the chain at ${url}: .*subnetkit localnet up`),
    );
    assert.match(
      r.err,
      /connecting to ws:\/\/127\.0\.0\.1:\d+ \.\.\./,
      'the step shows as a plain line without a terminal',
    );
  });
});

describe('settings: flags > environment > config file', { timeout: 300_000 }, () => {
  it('the endpoint comes from the flag, else SUBNETKIT_ENDPOINT, else the config file', async () => {
    const [fromFile, fromEnv, fromFlag] = [await refusedPort(), await refusedPort(), await refusedPort()];
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ endpoint: `ws://127.0.0.1:${fromFile}`, netuid: 1 }));
    const [file, env, flag] = await Promise.all([
      cliAll([['metagraph', '--config', config]]),
      cliAll([['metagraph', '--config', config]], { SUBNETKIT_ENDPOINT: `ws://127.0.0.1:${fromEnv}` }),
      cliAll([['metagraph', '--config', config, '--endpoint', `ws://127.0.0.1:${fromFlag}`]], {
        SUBNETKIT_ENDPOINT: `ws://127.0.0.1:${fromEnv}`,
      }),
    ]);
    assert.match(file[0]!.err, new RegExp(`chain at ws://127.0.0.1:${fromFile}:`));
    assert.match(env[0]!.err, new RegExp(`chain at ws://127.0.0.1:${fromEnv}:`));
    assert.match(flag[0]!.err, new RegExp(`chain at ws://127.0.0.1:${fromFlag}:`));
    writeFileSync(config, JSON.stringify({ colour: 'red' }));
    const bad = cli(['metagraph', '--config', config]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unknown setting 'colour'/);
  });
});

describe('lazy loading', { timeout: 300_000 }, () => {
  it('`synapse hash` and `--help` never load the chain client', () => {
    const log = join(dir, 'resolved.txt');
    const hook = join(dir, 'record-hook.mjs');
    writeFileSync(
      hook,
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
  return r;
}`,
    );
    const register = join(dir, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hook).href)});`,
    );
    const def = join(dir, 'def.json');
    const body = join(dir, 'body.json');
    writeFileSync(def, '{"name":"F","fields":{"x":{"type":"int","required":true}},"hashFields":["x"]}');
    writeFileSync(body, '{"x": 1}');
    for (const args of [['synapse', 'hash', '--def', def, '--body', body], ['--help']]) {
      writeFileSync(log, '');
      const r = cli(args, { nodeArgs: ['--import', register] });
      assert.equal(r.code, 0, r.err);
      const loaded = readFileSync(log, 'utf8');
      assert.match(loaded, /commander/, 'the hook saw the CLI load');
      assert.doesNotMatch(loaded, /@polkadot\/api\/|packages\/chain\/|@subnetkit\/chain|chopsticks/, args.join(' '));
    }
  });
});
