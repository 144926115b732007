import type { ApiPromise } from '@polkadot/api';
import { type ChainClient, findRuntimeApi, findStorage, plain } from '@subnetkit/chain';
import { MetagraphError } from '../errors.js';
import { type BeaconConfig, QUICKNET } from './drand.js';
import { chooseRevealRound, type RevealRoundChoice } from './reveal-round.js';

/** What choosing a reveal round and building a CRv4 commit read from the chain, at one block. */
export interface TimelockChainState {
  netuid: number;
  /** Best block at read time. */
  head: number;
  tempo: number;
  revealPeriodEpochs: number;
  /** `CommitRevealWeightsVersion`; undefined on runtimes without timelocked commits. */
  commitRevealVersion: number | undefined;
  /** `Drand.BeaconConfig`, or quicknet's constants where the runtime has no drand pallet (`beaconSource` says). */
  beacon: BeaconConfig;
  beaconSource: 'storage' | 'default';
  /** `Drand.LastStoredRound`: how far the chain's copy of the beacon has got. */
  lastStoredRound: bigint | undefined;
  /** From `get_next_epoch_start_block` where the runtime has it. */
  nextEpochStartBlock: number | undefined;
  /** Block time from the runtime's constants (Aura slot, else 2 × Timestamp.MinimumPeriod, else 12 s). */
  blockTimeMs: number;
}

type Item = ((...args: unknown[]) => Promise<unknown>) | undefined;

/** Reads the subnet's commit-reveal timing and the beacon config from storage (nothing is hard-coded). */
export async function readTimelockState(
  client: ChainClient,
  netuid: number,
  opts: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<TimelockChainState> {
  return client.read(
    `reading the timelock commit state of subnet ${netuid}`,
    async (api: ApiPromise) => {
      const header = await api.rpc.chain.getHeader();
      const at = await api.at(header.hash);
      const get = (section: string, item: string, ...args: unknown[]) => {
        const fn = findStorage(at, section, item) as Item;
        return fn ? fn(...args).then(plain) : Promise.resolve(undefined);
      };
      const nextEpochApi = findRuntimeApi(api, 'subnetInfoRuntimeApi', 'getNextEpochStartBlock');
      const [tempo, period, version, beacon, lastStored, next] = await Promise.all([
        get('subtensorModule', 'tempo', netuid),
        get('subtensorModule', 'revealPeriodEpochs', netuid),
        get('subtensorModule', 'commitRevealWeightsVersion'),
        get('drand', 'beaconConfig'),
        get('drand', 'lastStoredRound'),
        nextEpochApi ? nextEpochApi(netuid).then(plain) : Promise.resolve(undefined),
      ]);
      if (tempo === undefined || period === undefined) {
        throw new MetagraphError(
          'METAGRAPH_UNSUPPORTED_RUNTIME',
          'the runtime has no SubtensorModule.Tempo / RevealPeriodEpochs',
        );
      }
      const cfg = beacon as { publicKey?: string; genesisTime?: number | bigint; period?: number | bigint } | undefined;
      const fromStorage = cfg?.publicKey !== undefined && cfg.genesisTime !== undefined && cfg.period !== undefined;
      if (nextEpochApi && (next === null || next === undefined)) {
        throw new MetagraphError(
          'METAGRAPH_INVALID_INPUT',
          `the chain reports no next epoch for subnet ${netuid}: does it exist?`,
        );
      }
      return {
        netuid,
        head: header.number.toNumber(),
        tempo: Number(tempo),
        revealPeriodEpochs: Number(period),
        commitRevealVersion: version === undefined ? undefined : Number(version),
        beacon: fromStorage
          ? {
              publicKey: Uint8Array.from(Buffer.from(String(cfg.publicKey).replace(/^0x/, ''), 'hex')),
              genesisTime: Number(cfg.genesisTime),
              period: Number(cfg.period),
            }
          : { ...QUICKNET },
        beaconSource: fromStorage ? 'storage' : 'default',
        lastStoredRound: lastStored === undefined ? undefined : BigInt(lastStored as number | bigint),
        nextEpochStartBlock: next === undefined || next === null ? undefined : Number(next),
        blockTimeMs: blockTimeOf(api),
      };
    },
    opts,
  );
}

function blockTimeOf(api: ApiPromise): number {
  const consts = api.consts as unknown as Record<
    string,
    Record<string, { toString(): string } | undefined> | undefined
  >;
  const slot = Number(consts.aura?.slotDuration?.toString());
  if (slot > 0) return slot;
  const expected = Number(consts.babe?.expectedBlockTime?.toString());
  if (expected > 0) return expected;
  const minimum = Number(consts.timestamp?.minimumPeriod?.toString());
  return minimum > 0 ? 2 * minimum : 12_000;
}

/** The reveal round for a commit sent now, from the chain's state and the caller's clock. */
export function revealRoundFor(state: TimelockChainState, nowMs: number = Date.now()): RevealRoundChoice {
  return chooseRevealRound({
    currentBlock: state.head,
    netuid: state.netuid,
    tempo: state.tempo,
    revealPeriodEpochs: state.revealPeriodEpochs,
    nextEpochStartBlock: state.nextEpochStartBlock,
    blockTimeMs: state.blockTimeMs,
    nowMs,
    beacon: state.beacon,
  });
}
