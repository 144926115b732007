import { cryptoWaitReady } from '@polkadot/util-crypto';

let ready: Promise<void> | undefined;

/** Resolves once @polkadot/util-crypto has initialised (its WASM where available); cheap to call repeatedly. */
export function cryptoReady(): Promise<void> {
  ready ??= cryptoWaitReady().then(() => undefined);
  return ready;
}
