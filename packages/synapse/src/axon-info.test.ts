import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AxonInfo, type PyAxonInfo, toPyAxonInfo } from './axon-info.js';

test("toPyAxonInfo: the chain's AxonInfo in Python's snake_case form, with the keys, without the block", () => {
  const onChain: AxonInfo = {
    block: 120,
    version: 10002000,
    ip: '127.0.0.2',
    port: 8091,
    ipType: 4,
    protocol: 4,
    placeholder1: 0,
    placeholder2: 0,
  };
  const py: PyAxonInfo = toPyAxonInfo(onChain, { hotkey: '5Hot', coldkey: null });
  // Python's bittensor.AxonInfo fields, exactly.
  assert.deepEqual(py, {
    version: 10002000,
    ip: '127.0.0.2',
    port: 8091,
    ip_type: 4,
    hotkey: '5Hot',
    coldkey: null,
    protocol: 4,
    placeholder1: 0,
    placeholder2: 0,
  });
  assert.equal('block' in py, false);
});
