import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveChainSpec, sha256Hex } from './chain-spec.js';
import { LocalnetError } from './errors.js';

// A tiny stand-in spec: resolution only hashes files, so its content does not need to run.
const FAKE = Buffer.from(JSON.stringify({ name: 'fake', genesis: { raw: { top: {} } } }));
const FAKE_SHA = sha256Hex(FAKE);

let root: string;
let repo: string; // holds a package.json with a search path, and a nested working directory
let searchDir: string;
let cacheDir: string;
const env = {} as NodeJS.ProcessEnv; // isolate from the developer's SUBNETKIT_* variables

before(() => {
  root = mkdtempSync(join(tmpdir(), 'subnetkit-spec-'));
  repo = join(root, 'repo');
  searchDir = join(root, 'shared', 'chain');
  cacheDir = join(root, 'cache');
  mkdirSync(join(repo, 'packages', 'x'), { recursive: true });
  mkdirSync(searchDir, { recursive: true });
  writeFileSync(
    join(repo, 'package.json'),
    JSON.stringify({ subnetkit: { chainSpecSearchPath: ['../shared/chain'] } }),
  );
  // A package.json without the key nearer to cwd must be skipped on the way up.
  writeFileSync(join(repo, 'packages', 'x', 'package.json'), JSON.stringify({ name: 'x' }));
});
after(() => rmSync(root, { recursive: true, force: true }));

const cwd = () => join(repo, 'packages', 'x');

describe('resolveChainSpec', () => {
  it('finds the spec through the nearest package.json search path, among other json files', async () => {
    writeFileSync(join(searchDir, 'a-other.json'), '{"not":"it"}');
    writeFileSync(join(searchDir, 'my-spec.json'), FAKE);
    const r = await resolveChainSpec({ cwd: cwd(), cacheDir, env, sha256: FAKE_SHA });
    assert.equal(r.source, 'search-path');
    assert.equal(r.path, join(searchDir, 'my-spec.json'));
    assert.equal(r.sha256, FAKE_SHA);
    rmSync(join(searchDir, 'my-spec.json'));
  });

  it('an explicit path wins, and a wrong hash there is an error, not a fallback', async () => {
    writeFileSync(join(searchDir, 'my-spec.json'), FAKE);
    const explicit = join(root, 'explicit.json');
    writeFileSync(explicit, FAKE);
    const r = await resolveChainSpec({
      cwd: cwd(),
      cacheDir,
      env: { SUBNETKIT_CHAIN_SPEC: explicit },
      sha256: FAKE_SHA,
    });
    assert.equal(r.source, 'explicit');
    assert.equal(r.path, explicit);
    writeFileSync(explicit, '{"changed":true}');
    await assert.rejects(
      resolveChainSpec({ cwd: cwd(), cacheDir, env, chainSpec: explicit, sha256: FAKE_SHA }),
      (e: LocalnetError) => e.code === 'LOCALNET_CHAIN_SPEC_HASH_MISMATCH' && e.message.includes(FAKE_SHA),
    );
    rmSync(join(searchDir, 'my-spec.json'));
  });

  it('falls back to the user cache when the search path has no match', async () => {
    mkdirSync(join(cacheDir, 'chain'), { recursive: true });
    writeFileSync(join(cacheDir, 'chain', 'cached.json'), FAKE);
    const r = await resolveChainSpec({ cwd: cwd(), cacheDir, env, sha256: FAKE_SHA });
    assert.equal(r.source, 'user-cache');
    rmSync(join(cacheDir, 'chain', 'cached.json'));
  });

  it('downloads from the configured URL, checks the hash and keeps it in the user cache', async () => {
    let body: Buffer = FAKE;
    const server: Server = createServer((_req, res) => res.end(body));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const url = `http://127.0.0.1:${port}/spec.json`;
      const dlCache = join(root, 'dl-cache');
      const r = await resolveChainSpec({
        cwd: cwd(),
        cacheDir: dlCache,
        env: { SUBNETKIT_CHAIN_SPEC_URL: url },
        sha256: FAKE_SHA,
      });
      assert.equal(r.source, 'download');
      // The next resolution needs no network: the cache has it.
      const again = await resolveChainSpec({ cwd: cwd(), cacheDir: dlCache, env, sha256: FAKE_SHA });
      assert.equal(again.source, 'user-cache');
      body = Buffer.from('{"tampered":true}');
      await assert.rejects(
        resolveChainSpec({ cwd: cwd(), cacheDir: join(root, 'dl2'), env, url, sha256: FAKE_SHA }),
        (e: LocalnetError) => e.code === 'LOCALNET_CHAIN_SPEC_HASH_MISMATCH',
      );
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('says where it looked and how to provide a spec when none is found', async () => {
    await assert.rejects(resolveChainSpec({ cwd: cwd(), cacheDir, env, sha256: FAKE_SHA }), (e: unknown) => {
      assert.ok(e instanceof LocalnetError);
      assert.equal(e.code, 'LOCALNET_CHAIN_SPEC_NOT_FOUND');
      assert.match(e.message, /--chain-spec PATH/);
      assert.match(e.message, /SUBNETKIT_CHAIN_SPEC=PATH/);
      assert.match(e.message, /SUBNETKIT_CHAIN_SPEC_URL/);
      assert.ok(e.message.includes(searchDir), 'names the search path directory');
      assert.ok(e.message.includes(join(cacheDir, 'chain')), 'names the user cache directory');
      return true;
    });
  });

  it('rejects a malformed hash override', async () => {
    await assert.rejects(
      resolveChainSpec({ cwd: cwd(), cacheDir, env, sha256: 'abc' }),
      (e: LocalnetError) => e.code === 'LOCALNET_INVALID_ARGUMENT',
    );
  });
});
