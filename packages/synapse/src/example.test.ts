import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../examples/roundtrip.js';

test('the README example runs end to end', async () => {
  const lines: string[] = [];
  const value = await main((l) => lines.push(l));
  assert.equal(value, 10);
  assert.match(lines[0]!, /^request body hash 4fae6364bdbf7a0def40e782ea7656d4bc96dd42a6eaf71d62b977d74e733ecf$/);
  assert.match(lines[1]!, /^axon verified raw signature from 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY$/);
});
