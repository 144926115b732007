import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDevUri } from './secret-input.js';

describe('isDevUri', () => {
  it('passes the public development phrase with a path, and nothing that holds a secret', () => {
    for (const uri of ['//Alice', '//Bob//miner', '//Charlie/soft']) assert.equal(isDevUri(uri), true, uri);
    for (const uri of [
      'legal winner thank year wave sausage worth useful legal winner thank yellow//hot',
      `0x${'11'.repeat(32)}`,
      '//Alice///password',
      '/Alice',
      '',
    ]) {
      assert.equal(isDevUri(uri), false, uri);
    }
  });
});
