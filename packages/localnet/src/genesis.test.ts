import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadRawGenesis, mergeJson, seededTimestamp } from './genesis.js';

describe('genesis helpers', () => {
  it('merges a patch into the preset like sc-chain-spec: objects key by key, arrays replaced', () => {
    const base = {
      balances: { balances: [['a', 1]], devAccounts: null },
      sudo: { key: 'x' },
      aura: { authorities: [] },
    };
    const patch = { balances: { balances: [['b', 2]] }, sudo: { key: 'alice' } };
    assert.deepEqual(mergeJson(base, patch), {
      balances: { balances: [['b', 2]], devAccounts: null },
      sudo: { key: 'alice' },
      aura: { authorities: [] },
    });
  });

  it('seeds Timestamp.Now one slot before the current, slot-aligned', () => {
    const hex = seededTimestamp(1000, 1_700_000_123_456);
    assert.equal(Buffer.from(hex.slice(2), 'hex').readBigUInt64LE(0), 1_700_000_122_000n);
  });

  it('accepts a raw spec as it is and rejects what is not a chain spec', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'subnetkit-genesis-'));
    try {
      const raw = Buffer.from(
        JSON.stringify({ name: 'n', id: 'i', genesis: { raw: { top: { '0x3a636f6465': '0x00' } } } }),
      );
      const r = await loadRawGenesis(raw, 'x', dir);
      assert.equal(r.origin, 'raw');
      assert.deepEqual(r.spec.genesis.raw.childrenDefault, {});
      await assert.rejects(loadRawGenesis(Buffer.from('{"genesis":{}}'), 'x', dir), {
        code: 'LOCALNET_CHAIN_SPEC_INVALID',
      });
      await assert.rejects(loadRawGenesis(Buffer.from('not json'), 'x', dir), { code: 'LOCALNET_CHAIN_SPEC_INVALID' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
