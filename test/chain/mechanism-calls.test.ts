/**
 * Weight calls chosen and encoded from runtime metadata. The spec-293 localnet has no mechanisms and no timelocked
 * commits, so it must get the plain calls. For a runtime with mechanisms, its metadata is extended with the calls
 * as subtensor declares them (pallet 7: set_mechanism_weights 119, commit_mechanism_weights 115,
 * reveal_mechanism_weights 116, commit_timelocked_mechanism_weights 118, with their argument names and types), and
 * the same builders must produce the real finney call bytes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { ApiPromise } from '@polkadot/api';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { expandMetadata } from '@polkadot/types/metadata/decorate';
import {
  type ChainClient,
  commitTimelockedWeights,
  commitTimelockedWeightsCall,
  commitWeightsCall,
  getMechagraph,
  getMechanismCount,
  getWeights,
  hasTimelockedCommits,
  mechanismStorageIndex,
  revealWeightsCall,
  setWeightsCall,
} from '@subnetkit/chain';
import type { Localnet } from '@subnetkit/localnet';
import { createSubnet, keys, startChain } from './helpers.js';

const vectors = JSON.parse(
  readFileSync(new URL('../../../shared/vectors/finney-extrinsics.json', import.meta.url), 'utf8'),
) as { fixtures: { payload: { method: string } }[] };
const FINNEY_COMMIT_CALL = vectors.fixtures[1]?.payload.method as string;

let net: Localnet;
let client: ChainClient;
let netuid: number;

before(async () => {
  ({ net, client } = await startChain());
  netuid = await createSubnet(net, client);
});

after(async () => {
  await client?.close();
  await net?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: the metadata's JSON form, walked by hand in this test only
type Json = { [k: string]: any };

/** The localnet's metadata with subtensor's mechanism calls added to SubtensorModule's Call enum. */
function withMechanismCalls(api: ApiPromise): Pick<ApiPromise, 'tx'> {
  const json = new Metadata(new TypeRegistry(), api.runtimeMetadata.toHex()).toJSON() as Json;
  const v = json.metadata.v15 as Json;
  const types = v.lookup.types as Json[];
  const pallet = (v.pallets as Json[]).find((p) => p.name === 'SubtensorModule') as Json;
  assert.equal(pallet.index, 7);
  const callType = types.find((t) => t.id === pallet.calls.type) as Json;
  const variants = callType.type.def.variant.variants as Json[];
  const argType = (call: string, arg: string): number => {
    const fields = variants.find((x) => x.name === call)?.fields as Json[] | undefined;
    const type = fields?.find((f) => f.name === arg)?.type;
    assert.equal(typeof type, 'number', `${call}.${arg} in the localnet's metadata`);
    return type as number;
  };
  const u8 = types.find((t) => t.type.def.primitive === 'u8' || t.type.def.primitive === 'U8')?.id as number;
  const U16 = argType('set_weights', 'netuid');
  const VEC_U16 = argType('set_weights', 'dests');
  const U64 = argType('set_weights', 'version_key');
  const BYTES = argType('commit_crv3_weights', 'commit');
  const H256 = argType('commit_weights', 'commit_hash');
  const add = (name: string, index: number, fields: [string, number][]) =>
    variants.push({
      name,
      index,
      docs: [],
      fields: fields.map(([n, type]) => ({ name: n, type, typeName: null, docs: [] })),
    });
  add('commit_mechanism_weights', 115, [
    ['netuid', U16],
    ['mecid', u8],
    ['commit_hash', H256],
  ]);
  add('reveal_mechanism_weights', 116, [
    ['netuid', U16],
    ['mecid', u8],
    ['uids', VEC_U16],
    ['values', VEC_U16],
    ['salt', VEC_U16],
    ['version_key', U64],
  ]);
  add('commit_timelocked_mechanism_weights', 118, [
    ['netuid', U16],
    ['mecid', u8],
    ['commit', BYTES],
    ['reveal_round', U64],
    ['commit_reveal_version', U16],
  ]);
  add('set_mechanism_weights', 119, [
    ['netuid', U16],
    ['mecid', u8],
    ['dests', VEC_U16],
    ['weights', VEC_U16],
    ['version_key', U64],
  ]);
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, json as never);
  registry.setMetadata(metadata);
  return { tx: expandMetadata(registry, metadata).tx as unknown as ApiPromise['tx'] };
}

// A submittable's call bytes are `.method`; the offline decoration returns the Call itself.
const hex = (call: unknown) => {
  const c = call as { method: unknown; toHex(): string };
  return typeof c.method === 'object' ? (c.method as { toHex(): string }).toHex() : c.toHex();
};

describe('weight calls by metadata', () => {
  it('on the spec-293 localnet: the plain calls for mechanism 0; mechanisms and timelocked commits are named as missing', async () => {
    const api = client.api;
    assert.equal(setWeightsCall(api, { netuid, uids: [1], weights: [2] }).method.method, 'setWeights');
    assert.throws(
      () => setWeightsCall(api, { netuid, uids: [1], weights: [2], mechanismId: 1 }),
      /mechanism 1 needs subtensorModule.setMechanismWeights/,
    );
    assert.equal(hasTimelockedCommits(api), false);
    const k = await keys();
    await assert.rejects(
      commitTimelockedWeights(client, {
        netuid,
        hotkey: k.owner,
        commit: new Uint8Array(303),
        revealRound: 1n,
        commitRevealVersion: 4,
      }),
      /no timelocked weight commits/,
    );
    assert.equal(await getMechanismCount(client, netuid), 1);
    assert.deepEqual(await getWeights(client, netuid, 0), []);
    await assert.rejects(getWeights(client, netuid, 0, { mechanismId: 1 }), /no mechanisms/);
  });

  it('with mechanisms: commit_timelocked_mechanism_weights encodes to the real finney call bytes', () => {
    const api = withMechanismCalls(client.api);
    const method = Uint8Array.from(Buffer.from(FINNEY_COMMIT_CALL.slice(2), 'hex'));
    const commit = method.subarray(7, 7 + 303);
    const call = commitTimelockedWeightsCall(api, {
      netuid: 7,
      mechanismId: 0,
      commit,
      revealRound: 32_340_463n,
      commitRevealVersion: 4,
    });
    assert.equal(hex(call), FINNEY_COMMIT_CALL);
  });

  it('with mechanisms: set/commit/reveal use the mechanism calls, with mecid after netuid', () => {
    const api = withMechanismCalls(client.api);
    // 07 77 | netuid 3 | mecid 1 | dests [1, 2] | weights [65535, 100] | version_key 5
    assert.equal(
      hex(setWeightsCall(api, { netuid: 3, mechanismId: 1, uids: [1, 2], weights: [65535, 100], versionKey: 5n })),
      '0x0777030001' + '0801000200' + '08ffff6400' + '0500000000000000',
    );
    const hash = `0x${'ab'.repeat(32)}`;
    assert.equal(
      hex(commitWeightsCall(api, { netuid: 3, mechanismId: 2, commitHash: hash })),
      `0x0773030002${'ab'.repeat(32)}`,
    );
    assert.equal(
      hex(revealWeightsCall(api, { netuid: 3, mechanismId: 0, uids: [4], weights: [9], salt: [7, 8], versionKey: 0n })),
      '0x0774030000' + '040400' + '040900' + '0807000800' + '0000000000000000',
    );
  });

  it('reads mechanism 0 as the subnet metagraph on a runtime without mechanisms', async () => {
    const mg = await getMechagraph(client, netuid);
    assert.ok(mg);
    assert.equal(mg.netuid, netuid);
    assert.ok(Array.isArray(mg.hotkeys));
    const some = await getMechagraph(client, netuid, { indexes: [0, 1] });
    assert.ok(some);
    assert.equal(some.netuid, netuid);
    await assert.rejects(getMechagraph(client, netuid, { mechanismId: 1 }), /no mechanisms/);
    assert.equal(await getMechagraph(client, 999), null);
  });

  it('indexes mechanism state as mecid·4096 + netuid', () => {
    assert.equal(mechanismStorageIndex(7, 0), 7);
    assert.equal(mechanismStorageIndex(7, 1), 4103);
    assert.equal(mechanismStorageIndex(12, 3), 3 * 4096 + 12);
    assert.throws(() => mechanismStorageIndex(4096, 1), /below 4096/);
    assert.throws(() => mechanismStorageIndex(1, 256), /0-255/);
  });
});
