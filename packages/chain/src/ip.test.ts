import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChainError } from './errors.js';
import { assertServableIp, intToIp, ipToInt } from './ip.js';

test('IPv4 round-trips through the chain integer', () => {
  assert.deepEqual(ipToInt('127.0.0.2'), { ip: 0x7f000002n, ipType: 4 });
  assert.deepEqual(ipToInt('192.168.1.20'), { ip: 3232235796n, ipType: 4 });
  assert.equal(intToIp(3232235796n, 4), '192.168.1.20');
  assert.equal(intToIp(0xffffffff, 4), '255.255.255.255');
});

test('IPv6 parses compressed and v4-mapped forms and prints the canonical form', () => {
  assert.deepEqual(ipToInt('::1'), { ip: 1n, ipType: 6 });
  assert.deepEqual(ipToInt('[2001:db8::ff00:42:8329]'), { ip: 0x20010db8000000000000ff0000428329n, ipType: 6 });
  assert.equal(intToIp(0x20010db8000000000000ff0000428329n, 6), '2001:db8::ff00:42:8329');
  assert.equal(ipToInt('::ffff:1.2.3.4').ip, 0xffff01020304n);
  assert.equal(intToIp(0x20010db8000100000000000000000001n, 6), '2001:db8:1::1');
  assert.equal(intToIp(0n, 6), '::');
  // a single zero group is not compressed
  assert.equal(intToIp(0x20010db8000000010001000100010001n, 6), '2001:db8:0:1:1:1:1:1');
});

test('malformed addresses are rejected with the reason', () => {
  for (const bad of ['1.2.3', '1.2.3.256', 'a.b.c.d', '1::2::3', '1:2:3:4:5:6:7', 'g::1']) {
    assert.throws(
      () => ipToInt(bad),
      (e: unknown) => ChainError.is(e, 'InvalidIpAddress') && e.message.includes(bad),
    );
  }
  assert.throws(() => intToIp(1n << 32n, 4), /32 bits/);
  assert.throws(() => intToIp(1n, 5), /ip type 5/);
});

test('127.0.0.1, ::1 and 0 are refused client-side, pointing to 127.0.0.2', () => {
  assert.throws(
    () => assertServableIp(ipToInt('127.0.0.1'), '127.0.0.1'),
    (e: unknown) => ChainError.is(e, 'InvalidIpAddress') && e.kind === 'input' && e.message.includes('127.0.0.2'),
  );
  assert.throws(() => assertServableIp(ipToInt('::1'), '::1'), /127\.0\.0\.2/);
  assert.throws(() => assertServableIp(ipToInt('0.0.0.0'), '0.0.0.0'), /unspecified/);
  assertServableIp(ipToInt('127.0.0.2'), '127.0.0.2');
});
