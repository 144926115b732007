import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { captureRequests, parseRawRequest } from './raw-request.js';

describe('parseRawRequest', () => {
  test('CRLF request with Content-Length: the body is cut to its length', () => {
    const r = parseRawRequest('POST /Dummy HTTP/1.1\r\nHost: x\r\nName: Dummy\r\nContent-Length: 2\r\n\r\n{}\n\n');
    assert.equal(r.method, 'POST');
    assert.equal(r.path, '/Dummy');
    assert.deepEqual(r.headers, [
      ['host', 'x'],
      ['name', 'Dummy'],
      ['content-length', '2'],
    ]);
    assert.equal(Buffer.from(r.body).toString(), '{}');
  });
  test('LF-only request, multibyte body measured in bytes', () => {
    const r = parseRawRequest('POST /A HTTP/1.1\ncontent-length: 4\n\n"é"');
    assert.equal(Buffer.from(r.body).toString(), '"é"');
  });
  test('errors say what is wrong', () => {
    assert.throws(() => parseRawRequest('hello'), /not an HTTP\/1\.x request line/);
    assert.throws(() => parseRawRequest('POST / HTTP/1.1\nbroken header\n\n'), /malformed header line/);
    assert.throws(() => parseRawRequest('POST / HTTP/1.1\ncontent-length: 10\n\n{}'), /truncated: 2 of 10/);
  });
});

describe('captureRequests', () => {
  test('takes dendrite -> axon sections only, and a bare request as one', () => {
    const text = [
      '# comment',
      '===== conn1 dendrite -> axon 10 bytes =====',
      'POST /A HTTP/1.1',
      'content-length: 2',
      '',
      '{}',
      '',
      '===== conn1 axon -> dendrite 5 bytes =====',
      'HTTP/1.1 200 OK',
      '',
      '################ next',
      '===== conn2 dendrite -> axon 10 bytes =====',
      'POST /B HTTP/1.1',
      '',
    ].join('\n');
    assert.deepEqual(
      captureRequests(text).map((c) => c.request.path),
      ['/A', '/B'],
    );
    assert.equal(captureRequests('POST /C HTTP/1.1\n\n')[0]!.request.path, '/C');
  });
});
