import type { DispatchError, EventRecord } from '@polkadot/types/interfaces';
import type { Registry } from '@polkadot/types/types';
import { decodeDispatchError } from './decode-error.js';
import type { ChainError } from './errors.js';

/** An event emitted by an extrinsic, decoded to plain values. */
export interface ChainEvent {
  /** Pallet, camelCase as in @polkadot/api: `subtensorModule`, `system`, `sudo`... */
  section: string;
  /** Event name: `NeuronRegistered`, `ExtrinsicSuccess`... */
  method: string;
  /** The fields as plain values (numbers, strings; big numbers as strings or bigints as polkadot-js gives them). */
  args: unknown[];
}

export function toChainEvents(records: readonly EventRecord[]): ChainEvent[] {
  return records.map(({ event }) => ({
    section: event.section,
    method: event.method,
    args: event.data.map((d) => d.toPrimitive()),
  }));
}

interface ResultLike {
  isErr: boolean;
  asErr: DispatchError;
}

/**
 * Finds the failure among one extrinsic's events: `system.ExtrinsicFailed`, and the failures that leave the outer
 * extrinsic "successful": a sudo call whose inner call failed (`sudo.Sudid(Err)`), an interrupted `utility.batch`.
 */
export function failureOf(
  registry: Registry,
  records: readonly EventRecord[],
  ctx: { txHash?: string; blockHash?: string; call?: string },
): ChainError | undefined {
  for (const { event } of records) {
    const key = `${event.section}.${event.method}`;
    if (key === 'system.ExtrinsicFailed') {
      return decodeDispatchError(registry, event.data[0] as DispatchError, ctx);
    }
    if (key === 'sudo.Sudid' || key === 'sudo.SudoAsDone') {
      const result = event.data[0] as unknown as ResultLike;
      if (result?.isErr) return decodeDispatchError(registry, result.asErr, { ...ctx, call: `${ctx.call} (sudo)` });
    }
    if (key === 'utility.BatchInterrupted') {
      const index = Number(event.data[0]?.toString());
      return decodeDispatchError(registry, event.data[1] as DispatchError, {
        ...ctx,
        call: `${ctx.call} (batch item ${index}; the ${index} before it succeeded)`,
      });
    }
  }
  return undefined;
}
