import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ChainClient } from '../client.js';
import { ChainError } from '../errors.js';
import type { ChainEvent } from '../events.js';
import { tx } from '../metadata.js';
import type { ChainSigner } from '../signer.js';
import type { SubmitOptions, SubmitResult } from '../submit.js';

export type { SubmitOptions, SubmitResult };

/** Builds `api.tx[section][method](...args)`, failing with `Unsupported` when the runtime lacks the call. */
export function buildCall(
  client: ChainClient,
  section: string,
  method: string,
  args: unknown[],
): SubmittableExtrinsic<'promise'> {
  return tx(client.api, section, method)(...args);
}

export function send(
  client: ChainClient,
  call: SubmittableExtrinsic<'promise'>,
  signer: ChainSigner,
  opts?: SubmitOptions,
): Promise<SubmitResult> {
  return client.submit(call, signer, opts);
}

/** The first event `section.method` among a result's events. */
export function findEvent(events: readonly ChainEvent[], section: string, method: string): ChainEvent | undefined {
  return events.find((e) => e.section === section && e.method === method);
}

/** An account given as an SS58 string or as something with an `address` (a Keypair). */
export type AccountLike = string | { readonly address: string };

export function addressOf(account: AccountLike): string {
  return typeof account === 'string' ? account : account.address;
}

export function assertU16(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new ChainError(
      `Invalid${name[0]?.toUpperCase()}${name.slice(1)}`,
      `${name} must be an integer 0-65535, got ${value}`,
      {
        kind: 'input',
      },
    );
  }
}

export function assertAmount(name: string, value: bigint): void {
  if (typeof value !== 'bigint' || value <= 0n || value >= 1n << 64n) {
    throw new ChainError(
      'InvalidAmount',
      `${name} must be a positive bigint in rao (1 TAO = 10n ** 9n), got ${String(value)}`,
      {
        kind: 'input',
      },
    );
  }
}
