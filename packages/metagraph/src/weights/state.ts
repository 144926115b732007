import type { ApiPromise } from '@polkadot/api';
import { type ChainClient, storageIndexFor } from '@subnetkit/chain';
import { MetagraphError } from '../errors.js';
import type { WeightRuleState } from './rules.js';

/** The rule state plus what commit-reveal needs, read at one block. */
export interface WeightChainState extends WeightRuleState {
  /** Best block at read time (`block` is this + 1, the block a transaction sent now lands in). */
  head: number;
  tempo: number;
  revealPeriodEpochs: number;
  genesisHash: string;
  /**
   * The runtime's commit-reveal flavour: 'hash' (v2: commit_weights + reveal_weights, spec 293) or 'timelocked'
   * (newer runtimes with CommitRevealWeightsVersion, where the chain reveals drand-timelocked commits itself).
   */
  commitRevealKind: 'hash' | 'timelocked';
  commitRevealVersion: number | undefined;
  /** Hashes of this hotkey's unrevealed commits on chain (WeightCommits). */
  onChainCommits: string[];
}

type Query = Record<string, ((...args: unknown[]) => Promise<Codec>) | undefined>;
interface Codec {
  toJSON(): unknown;
  toString(): string;
}

const num = (c: Codec) => Number(c.toString());

/** Reads what the set_weights / commit / reveal checks need for `hotkey` on `netuid`, all at the best block. */
export async function readWeightState(
  client: ChainClient,
  netuid: number,
  hotkey: string,
  opts: { signal?: AbortSignal; timeoutMs?: number; mechanismId?: number } = {},
): Promise<WeightChainState> {
  return client.read(
    `reading the weight-setting state of subnet ${netuid}`,
    async (api: ApiPromise) => {
      const header = await api.rpc.chain.getHeader();
      const at = await api.at(header.hash);
      const q = (at.query as unknown as Record<string, Query>).subtensorModule;
      const item = (name: string) => {
        const fn = q?.[name];
        if (!fn) {
          throw new MetagraphError('METAGRAPH_SYNC_FAILED', `the runtime has no SubtensorModule.${name} storage item`);
        }
        return fn;
      };
      const hasVersion = typeof q?.commitRevealWeightsVersion === 'function';
      // Per-mechanism state (LastUpdate, WeightCommits) is keyed by mecid·4096 + netuid where mechanisms exist.
      const index = storageIndexFor(at, netuid, opts.mechanismId ?? 0);
      const [
        added,
        n,
        uidOpt,
        lastUpdate,
        permits,
        rateLimit,
        versionKey,
        minAllowed,
        maxLimit,
        cr,
        period,
        tempo,
        commits,
        version,
      ] = await Promise.all([
        item('networksAdded')(netuid),
        item('subnetworkN')(netuid),
        item('uids')(netuid, hotkey),
        item('lastUpdate')(index),
        item('validatorPermit')(netuid),
        item('weightsSetRateLimit')(netuid),
        item('weightsVersionKey')(netuid),
        item('minAllowedWeights')(netuid),
        item('maxWeightsLimit')(netuid),
        item('commitRevealWeightsEnabled')(netuid),
        item('revealPeriodEpochs')(netuid),
        item('tempo')(netuid),
        item('weightCommits')(index, hotkey),
        hasVersion ? item('commitRevealWeightsVersion')() : Promise.resolve(undefined),
      ]);
      if (added.toJSON() !== true) {
        throw new MetagraphError('METAGRAPH_INVALID_INPUT', `subnet ${netuid} does not exist on this chain`);
      }
      const uidJson = uidOpt.toJSON();
      const uid = typeof uidJson === 'number' ? uidJson : undefined;
      const lastUpdates = (lastUpdate.toJSON() as number[] | null) ?? [];
      const permitList = (permits.toJSON() as boolean[] | null) ?? [];
      const commitList = (commits.toJSON() as [string, unknown, unknown, unknown][] | null) ?? [];
      const crVersion = version === undefined ? undefined : num(version);
      const head = header.number.toNumber();
      return {
        netuid,
        n: num(n),
        uid,
        head,
        block: head + 1,
        lastUpdate: uid === undefined ? 0 : Number(lastUpdates[uid] ?? 0),
        weightsRateLimit: num(rateLimit),
        weightsVersionKey: BigInt(versionKey.toString()),
        minAllowedWeights: num(minAllowed),
        maxWeightsLimit: num(maxLimit),
        validatorPermit: uid === undefined ? false : permitList[uid] === true,
        commitRevealEnabled: cr.toJSON() === true,
        tempo: num(tempo),
        revealPeriodEpochs: num(period),
        genesisHash: api.genesisHash.toHex(),
        commitRevealKind: crVersion !== undefined && crVersion >= 3 ? 'timelocked' : 'hash',
        commitRevealVersion: crVersion,
        onChainCommits: commitList.map((c) => String(c[0])),
      };
    },
    opts,
  );
}
