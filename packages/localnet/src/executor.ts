/**
 * Access to chopsticks-core's WASM executor. Its worker is one per process, so it is released only when the last
 * localnet of the process closes. Also holds the workaround for chopsticks 1.5.1 reading the Aura slot duration with
 * unresolved imports disallowed (fails on runtimes importing BLS host functions, then silently assumes 12 s).
 */
import { destroyWorker, getAuraSlotDuration, runTask } from '@acala-network/chopsticks-core';
import type { HexString } from '@polkadot/util/types';
import { LocalnetError } from './errors.js';

/** A storage callback for runtime calls that need no state (genesis building, constants). */
const emptyState = {
  getStorage: async () => undefined,
  getNextKey: async () => undefined,
  offchainGetStorage: async () => undefined,
  offchainTimestamp: async () => Date.now(),
  offchainRandomSeed: async () => `0x${'00'.repeat(32)}` as HexString,
  offchainSubmitTransaction: async () => false,
};

export interface RuntimeCallResult {
  result: HexString;
  storageDiff: [HexString, HexString | null][];
}

export async function callRuntime(code: HexString, method: string, arg: HexString): Promise<RuntimeCallResult> {
  let response: Awaited<ReturnType<typeof runTask>>;
  try {
    response = await runTask(
      {
        wasm: code,
        calls: [[method, [arg]]],
        mockSignatureHost: false,
        allowUnresolvedImports: true,
        runtimeLogLevel: 0,
      },
      emptyState,
    );
  } catch (cause) {
    throw new LocalnetError('LOCALNET_GENESIS_BUILD_FAILED', `runtime call ${method} failed`, { cause });
  }
  if ('Error' in response) {
    throw new LocalnetError('LOCALNET_GENESIS_BUILD_FAILED', `runtime call ${method} failed: ${response.Error}`);
  }
  return { result: response.Call.result, storageDiff: response.Call.storageDiff };
}

/**
 * Reads `AuraApi_slot_duration` with unresolved imports allowed and seeds chopsticks' memo with it, keyed by the exact
 * `:code` string the chain will pass. Returns the slot duration in ms.
 */
export async function seedAuraSlotDuration(code: HexString): Promise<number> {
  const cached = getAuraSlotDuration.cache.get(code) as Promise<number> | undefined;
  if (cached) return cached;
  const { result } = await callRuntime(code, 'AuraApi_slot_duration', '0x');
  const ms = Number(Buffer.from(result.slice(2, 18), 'hex').readBigUInt64LE(0));
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new LocalnetError(
      'LOCALNET_RUNTIME_START_FAILED',
      `the runtime reported an invalid Aura slot duration (${ms})`,
    );
  }
  getAuraSlotDuration.cache.set(code, Promise.resolve(ms));
  return ms;
}

let users = 0;

/** Marks one more user of the executor worker; call the returned function once when done with it. */
export function retainExecutor(): () => Promise<void> {
  users++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    users--;
    if (users === 0) await destroyWorker();
  };
}
