/**
 * Spawns the real CLI (`node packages/subnetkit/bin/subnetkit.js synapse ...`) on temporary files and on the Python
 * capture file (read in place from ../shared/vectors).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const capturePath = join(root, '..', 'shared', 'vectors', 'python-peer-capture.txt');
const dir = mkdtempSync(join(tmpdir(), 'subnetkit-synapse-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'packages/subnetkit/bin/subnetkit.js'), 'synapse', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const H = (s: string) => createHash('sha3-256').update(s).digest('hex');

describe('subnetkit synapse hash', () => {
  const def = join(dir, 'synapse.json');
  const body = join(dir, 'body.json');
  writeFileSync(
    def,
    '{"name":"F","fields":{"x":{"type":"float","required":true},"y":{"type":"dict"},"z":{"type":"list","optional":true},"b":{"type":"bool"}},"hashFields":["x","y","z","b"]}',
  );
  writeFileSync(body, '{"x": 1, "y": {"k": ["a\'b", 2.0]}, "b": true}');

  test('prints the body hash Python would compute, and with --explain the str() of each field', () => {
    const r = cli('hash', `--def=${def}`, `--body=${body}`, '--explain');
    assert.equal(r.code, 0, r.err);
    // str() of each field by Python's rules: 1 in a float field is 1.0; "a'b" is repr'd with double quotes.
    const expected = H([`1.0`, `{'k': ["a'b", 2.0]}`, 'None', 'True'].map(H).join(''));
    assert.equal(r.out.trim().split('\n').at(-1), expected);
    assert.match(r.out, /^x: str\(\) = 1\.0$/m);
    assert.match(r.out, /^y: str\(\) = \{'k': \["a'b", 2\.0\]\}$/m);
    assert.match(r.out, /^z: str\(\) = None$/m);
  });
  test('an int field holds a Python int of any size: 2^70 hashes as Python hashes it', () => {
    const bigDef = join(dir, 'big.json');
    writeFileSync(bigDef, '{"name":"Big","fields":{"n":{"type":"int","required":true}},"hashFields":["n"]}');
    writeFileSync(join(dir, 'big-body.json'), '{"n": 1180591620717411303424}');
    const r = cli('hash', '--def', bigDef, '--body', join(dir, 'big-body.json'), '--explain');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^n: str\(\) = 1180591620717411303424$/m);
    assert.equal(r.out.trim().split('\n').at(-1), H(H('1180591620717411303424')));
  });
  test('bad input gives a clear error and a non-zero exit', () => {
    writeFileSync(join(dir, 'bad.json'), '{"x": "hot"}');
    const r = cli('hash', '--def', def, '--body', join(dir, 'bad.json'));
    assert.equal(r.code, 1);
    assert.match(r.err, /F\.x: expected a float/);
  });
});

describe('subnetkit synapse check', () => {
  test('the whole capture file: first request verifies', () => {
    const r = cli('check', capturePath);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /^synapse: +Dummy$/m);
    assert.match(r.out, /^body hash: +4fae6364bdbf7a0def40e782ea7656d4bc96dd42a6eaf71d62b977d74e733ecf/m);
    assert.match(r.out, /^header hash: +4fae6364\S+ +MATCH$/m);
    assert.match(r.out, /^signature: +verifies/m);
    assert.match(r.out, /^nonce: +1795304537608313210 \(age \d+\.\d\d s;/m);
  });
  test('--index 2 is the badsig request: exit code 1', () => {
    const r = cli('check', capturePath, '--index', '2');
    assert.equal(r.code, 1);
    assert.match(r.out, /MATCH/);
    assert.match(r.out, /^signature: +DOES NOT VERIFY: Signature mismatch/m);
  });
  test('a request section cut out of the capture file', () => {
    const text = readFileSync(capturePath, 'utf8');
    const start = text.indexOf('\n', text.indexOf('===== conn3 dendrite -> axon')) + 1;
    const file = join(dir, 'unknown.http');
    writeFileSync(file, text.slice(start, text.indexOf('=====', start)));
    const r = cli('check', file);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /^synapse: +Unknown$/m);
    assert.match(r.out, /a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a +MATCH/);
  });
  test('a tampered body no longer matches the header hash (with --def)', () => {
    const text = readFileSync(capturePath, 'utf8');
    const start = text.indexOf('\n', text.indexOf('===== conn1 dendrite -> axon')) + 1;
    const section = text.slice(start, text.indexOf('=====', start));
    assert.ok(section.includes('"input": 5,'));
    const file = join(dir, 'tampered.http');
    writeFileSync(file, section.replace('"input": 5,', '"input": 6,'));
    const defFile = join(dir, 'dummy.json');
    writeFileSync(
      defFile,
      '{"name":"Dummy","fields":{"input":{"type":"int","required":true},"output":{"type":"int","optional":true}},"hashFields":["input"]}',
    );
    const r = cli('check', file, '--def', defFile);
    assert.equal(r.code, 1);
    assert.match(r.out, /^header hash: +4fae6364\S+ +MISMATCH$/m);
    assert.match(r.out, /^signature: +verifies/m, 'the signature covers the header hash, not the body');
  });
  test('with --def, an int beyond 2^53 in the body is hashed whole (as a Python axon does)', () => {
    const text = readFileSync(capturePath, 'utf8');
    const start = text.indexOf('\n', text.indexOf('===== conn1 dendrite -> axon')) + 1;
    const section = text.slice(start, text.indexOf('=====', start));
    const pythonHash = H(H('1180591620717411303424'));
    const file = join(dir, 'big.http');
    writeFileSync(
      file,
      section
        .replace('"input": 5,', '"input": 1180591620717411303424,')
        .replaceAll('4fae6364bdbf7a0def40e782ea7656d4bc96dd42a6eaf71d62b977d74e733ecf', pythonHash)
        .replace('Content-Length: 786', `Content-Length: ${786 + 21}`), // 22 digits instead of 1
    );
    const defFile = join(dir, 'dummy-big.json');
    writeFileSync(defFile, '{"name":"Dummy","fields":{"input":{"type":"int","required":true}},"hashFields":["input"]}');
    const r = cli('check', file, '--def', defFile);
    assert.match(r.out, new RegExp(`^body hash: +${pythonHash}`, 'm'), r.out + r.err);
    assert.match(r.out, /^header hash: +\S+ +MATCH$/m);
    assert.equal(r.code, 1, 'the edited request no longer carries a valid signature');
  });
  test('an out-of-range index is a usage error', () => {
    const r = cli('check', capturePath, '--index', '9');
    assert.equal(r.code, 2);
    assert.match(r.err, /--index must be 1\.\.4/);
  });
});
