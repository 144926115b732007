// The last resolution step, a verified download into the user cache, against a real HTTP server on 127.0.0.1.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveChainSpec, sha256Hex } from './chain-spec.js';
import { PINNED_CHAIN_SPEC_NAME, PINNED_CHAIN_SPEC_SHA256 } from './config.js';
import type { DownloadProgress } from './download.js';
import type { LocalnetError } from './errors.js';

const SPEC_PATH = new URL('../../../../shared/chain/subtensor-localnet-spec293.json', import.meta.url).pathname;
// Resolution only hashes the file, so most cases serve 1 MiB of random bytes under their own sha256.
const BODY = randomBytes(1024 * 1024);
const BODY_SHA = sha256Hex(BODY);

let root: string;
let server: Server;
let base: string;
let cwd: string; // no package.json with a search path above it
const requests: { path: string; range?: string }[] = [];
const truncatedOnce = new Set<string>();

/** Serves `body` with Range support; `cut` sends the headers for all of it but closes after half. */
function send(req: IncomingMessage, res: ServerResponse, body: Buffer, opts: { cut?: boolean; ranges?: boolean } = {}) {
  const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const start = m && opts.ranges !== false ? Number(m[1]) : 0;
  const part = body.subarray(start);
  const headers: Record<string, string | number> = { 'content-length': part.length, 'accept-ranges': 'bytes' };
  if (start > 0) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
  res.writeHead(start > 0 ? 206 : 200, headers);
  if (opts.cut) res.write(part.subarray(0, part.length >> 1), () => res.socket?.destroy());
  else res.end(part);
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const path = req.url ?? '/';
  requests.push({ path, range: req.headers.range });
  if (path === '/spec.json') return send(req, res, readFileSync(SPEC_PATH));
  if (path === '/ok') return send(req, res, BODY);
  if (path === '/wrong') return send(req, res, Buffer.from('{"not":"the spec"}'));
  if (path === '/truncate-once') {
    const first = !truncatedOnce.has(path);
    truncatedOnce.add(path);
    return send(req, res, BODY, { cut: first });
  }
  if (path === '/truncate-always') return send(req, res, BODY, { cut: true, ranges: false });
  if (path === '/slow') {
    // Sends a byte every 50 ms: never stalls, never finishes in time.
    res.writeHead(200, { 'content-length': BODY.length });
    const t = setInterval(() => res.write(BODY.subarray(0, 1)), 50);
    res.on('close', () => clearInterval(t));
    return;
  }
  if (path === '/stall') {
    res.writeHead(200, { 'content-length': BODY.length });
    res.write(BODY.subarray(0, 10)); // then nothing
    return;
  }
  res.writeHead(404).end('not found');
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'subnetkit-download-'));
  cwd = root;
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(root, { recursive: true, force: true });
});

let n = 0;
/** A fresh, empty cache directory per case; `env` is empty so the developer's SUBNETKIT_* variables do not leak in. */
function fresh() {
  const cacheDir = join(root, `cache-${n++}`);
  return { cwd, cacheDir, env: {} as NodeJS.ProcessEnv };
}
const since = (i: number) => requests.slice(i);
const cacheFiles = (cacheDir: string) =>
  existsSync(join(cacheDir, 'chain')) ? readdirSync(join(cacheDir, 'chain')) : [];
const isParagraph = (e: LocalnetError) =>
  !e.message.includes('\n') && /three ways/.test(e.message) && /--chain-spec PATH/.test(e.message);

describe('chain spec download', () => {
  it('downloads the pinned spec, reports size and speed, keeps it in the cache, and the next run needs no network', async () => {
    const o = fresh();
    const events: DownloadProgress[] = [];
    const r = await resolveChainSpec({ ...o, url: `${base}/spec.json`, onDownloadProgress: (p) => events.push(p) });
    assert.equal(r.source, 'download');
    assert.equal(r.sha256, PINNED_CHAIN_SPEC_SHA256);
    assert.equal(r.path, join(o.cacheDir, 'chain', PINNED_CHAIN_SPEC_NAME));
    assert.deepEqual(cacheFiles(o.cacheDir), [PINNED_CHAIN_SPEC_NAME], 'nothing but the verified file is left');
    const last = events.at(-1);
    assert.ok(last?.done);
    assert.equal(last?.received, 2_822_798);
    assert.equal(last?.total, 2_822_798);
    assert.ok((last?.bytesPerSecond ?? 0) > 0);

    const before = requests.length;
    const again = await resolveChainSpec({ ...o, url: `${base}/spec.json` });
    assert.equal(again.source, 'user-cache');
    assert.equal(requests.length, before, 'a cache hit makes no request');
  });

  it('refuses a file with the wrong hash and leaves the cache empty', async () => {
    const o = fresh();
    await assert.rejects(resolveChainSpec({ ...o, url: `${base}/wrong` }), (e: LocalnetError) => {
      assert.equal(e.code, 'LOCALNET_CHAIN_SPEC_HASH_MISMATCH');
      assert.match(e.message, new RegExp(`expected ${PINNED_CHAIN_SPEC_SHA256}`));
      assert.ok(isParagraph(e), e.message);
      return true;
    });
    assert.deepEqual(cacheFiles(o.cacheDir), []);
  });

  it('resumes a dropped transfer with a Range request', async () => {
    const o = fresh();
    const i = requests.length;
    const r = await resolveChainSpec({ ...o, sha256: BODY_SHA, url: `${base}/truncate-once` });
    assert.equal(r.source, 'download');
    assert.ok(r.bytes.equals(BODY));
    const reqs = since(i);
    assert.equal(reqs.length, 2);
    assert.equal(reqs[0]?.range, undefined);
    assert.equal(reqs[1]?.range, `bytes=${BODY.length >> 1}-`);
  });

  it('gives up after one retry of a transfer that keeps dropping, and a later run resumes from what arrived', async () => {
    const o = fresh();
    const i = requests.length;
    await assert.rejects(
      resolveChainSpec({ ...o, sha256: BODY_SHA, url: `${base}/truncate-always` }),
      (e: LocalnetError) => {
        assert.equal(e.code, 'LOCALNET_CHAIN_SPEC_DOWNLOAD_FAILED');
        assert.match(e.message, /failed/);
        assert.match(e.message, new RegExp(`of ${BODY.length} bytes`));
        assert.ok(isParagraph(e), e.message);
        return true;
      },
    );
    assert.equal(since(i).length, 2, 'one try and one retry');
    const parts = cacheFiles(o.cacheDir);
    assert.equal(parts.length, 1);
    assert.match(parts[0] ?? '', /\.part$/, 'only a part file, never a half file under the final name');

    const j = requests.length;
    const r = await resolveChainSpec({ ...o, sha256: BODY_SHA, url: `${base}/ok` });
    assert.ok(r.bytes.equals(BODY));
    assert.equal(since(j)[0]?.range, `bytes=${BODY.length >> 1}-`, 'resumed where the last run stopped');
    assert.deepEqual(cacheFiles(o.cacheDir), [`spec-${BODY_SHA.slice(0, 16)}.json`]);
  });

  it('names an HTTP 404', async () => {
    const o = fresh();
    await assert.rejects(resolveChainSpec({ ...o, url: `${base}/missing` }), (e: LocalnetError) => {
      assert.equal(e.code, 'LOCALNET_CHAIN_SPEC_DOWNLOAD_FAILED');
      assert.match(e.message, /answered HTTP 404/);
      assert.ok(isParagraph(e), e.message);
      return true;
    });
    assert.deepEqual(cacheFiles(o.cacheDir), []);
  });

  it('times out a slow server', async () => {
    const o = fresh();
    const t0 = performance.now();
    await assert.rejects(
      resolveChainSpec({ ...o, sha256: BODY_SHA, url: `${base}/slow`, downloadTimeoutMs: 600 }),
      (e: LocalnetError) => {
        assert.equal(e.code, 'LOCALNET_CHAIN_SPEC_DOWNLOAD_FAILED');
        assert.match(e.message, /timed out after 600 ms/);
        return true;
      },
    );
    assert.ok(performance.now() - t0 < 5000);
  });

  it('retries a server that stops sending, then says how long it waited', async () => {
    const o = fresh();
    const i = requests.length;
    await assert.rejects(
      resolveChainSpec({ ...o, sha256: BODY_SHA, url: `${base}/stall`, downloadStallTimeoutMs: 300 }),
      (e: LocalnetError) => {
        assert.equal(e.code, 'LOCALNET_CHAIN_SPEC_DOWNLOAD_FAILED');
        assert.match(e.message, /no data for 300 ms/);
        return true;
      },
    );
    assert.equal(since(i).length, 2);
  });

  it('without a network: one paragraph naming the places tried, the cause and the three ways', async () => {
    const o = fresh();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    await assert.rejects(resolveChainSpec({ ...o, url: `http://127.0.0.1:${port}/` }), (e: LocalnetError) => {
      assert.equal(e.code, 'LOCALNET_CHAIN_SPEC_DOWNLOAD_FAILED');
      assert.ok(isParagraph(e), e.message);
      assert.match(e.message, /ECONNREFUSED/);
      assert.ok(e.message.includes(join(o.cacheDir, 'chain')), 'names the cache directory');
      assert.match(e.message, /SUBNETKIT_CHAIN_SPEC_URL/);
      return true;
    });
  });

  it('downloads nothing when offline is set', async () => {
    const o = fresh();
    const i = requests.length;
    await assert.rejects(
      resolveChainSpec({ ...o, env: { SUBNETKIT_OFFLINE: '1' }, url: `${base}/spec.json` }),
      (e: LocalnetError) => e.code === 'LOCALNET_CHAIN_SPEC_NOT_FOUND' && isParagraph(e),
    );
    assert.equal(requests.length, i);
  });
});
