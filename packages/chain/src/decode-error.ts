import type { DispatchError } from '@polkadot/types/interfaces';
import type { Registry } from '@polkadot/types/types';
import { CUSTOM_TRANSACTION_DOCS, CUSTOM_TRANSACTION_ERRORS, ERROR_HINTS } from './error-table.js';
import { ChainError } from './errors.js';

interface TxContext {
  txHash?: string;
  blockHash?: string;
  /** What was being done, for the message, e.g. `subtensorModule.setWeights`. */
  call?: string;
}

function withContext(text: string, ctx: TxContext): string {
  return ctx.call ? `${ctx.call} failed: ${text}` : text;
}

/** The short message; the hint for `name` goes to the error's `hint`/`metaMessages`. */
function compose(name: string, docs: string | undefined): string {
  return `${name}${docs ? ` (${docs})` : ''}`;
}

/**
 * Decodes a runtime `DispatchError` (from `ExtrinsicFailed`, a failed `Sudid`, a batch item...) into a ChainError
 * whose code is the error variant's name (`SettingWeightsTooFast`, `CommitRevealEnabled`, `BadOrigin`...), with the
 * pallet, the docs from the metadata, and a hint for the common ones.
 */
export function decodeDispatchError(registry: Registry, err: DispatchError, ctx: TxContext = {}): ChainError {
  if (err.isModule) {
    let section: string | undefined;
    let name = 'UnknownModuleError';
    let docs: string | undefined;
    try {
      const meta = registry.findMetaError(err.asModule);
      section = meta.section;
      name = meta.name;
      docs = meta.docs.join(' ').trim() || undefined;
    } catch (cause) {
      return new ChainError(name, withContext(`unknown module error ${err.asModule.toString()}`, ctx), {
        kind: 'dispatch',
        cause,
        ...ctx,
      });
    }
    return new ChainError(name, withContext(`${section}.${compose(name, docs)}`, ctx), {
      kind: 'dispatch',
      section,
      docs,
      hint: ERROR_HINTS[name],
      txHash: ctx.txHash,
      blockHash: ctx.blockHash,
    });
  }
  // Non-module errors: BadOrigin, CannotLookup, Token(FundsUnavailable), Arithmetic(Overflow)...
  const kind = err.type;
  const inner = (err as unknown as Record<string, unknown>)[`as${kind}`] as { type?: string } | undefined;
  const name = inner && typeof inner.type === 'string' ? inner.type : kind;
  const code = name === kind ? kind : name;
  return new ChainError(code, withContext(compose(name === kind ? kind : `${kind}.${name}`, undefined), ctx), {
    kind: 'dispatch',
    hint: ERROR_HINTS[code] ?? ERROR_HINTS[kind],
    txHash: ctx.txHash,
    blockHash: ctx.blockHash,
  });
}

/** Substrate's `InvalidTransaction` variants, as they appear in node messages and in chopsticks' JSON. */
const INVALID_TX_PATTERNS: ReadonlyArray<[RegExp, string, boolean]> = [
  // [pattern, code, retriable (the transaction surely did not land and sending it again may succeed)]
  [/outdated|\bstale\b/i, 'Stale', true],
  [/in the future|\bfuture\b/i, 'Future', true],
  [/pay some fees|\bpayment\b/i, 'Payment', false],
  [/bad signature|badproof/i, 'BadProof', false],
  [/ancient birth block|ancientbirthblock/i, 'AncientBirthBlock', true],
  [/exhaust the block limits|exhaustsresources/i, 'ExhaustsResources', true],
  [/call is not expected|"call"/i, 'Call', false],
  [/mandatory/i, 'BadMandatory', false],
];

function rpcCodeOf(err: unknown, message: string): number | undefined {
  const c = (err as { code?: unknown })?.code;
  if (typeof c === 'number') return c;
  const m = /^(?:RpcError:\s*)?(\d{4}):/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/**
 * Decodes a transaction-pool rejection (the RPC error of `author_submitExtrinsic`/`submitAndWatch`): `1010 Invalid
 * Transaction` with its `InvalidTransaction` variant or subtensor's `Custom error: N`, `1012` banned, `1013` already
 * imported, `1014 Priority is too low`. Works for the node's text form and chopsticks' JSON form. Returns undefined
 * when `err` is not a pool error.
 */
export function decodePoolError(err: unknown, ctx: TxContext = {}): ChainError | undefined {
  const message = err instanceof Error ? err.message : String(err);
  const rpcCode = rpcCodeOf(err, message);
  const base = { kind: 'pool' as const, cause: err, txHash: ctx.txHash };
  if (rpcCode === 1014 || /priority is too low/i.test(message)) {
    return new ChainError('PriorityTooLow', withContext('Priority is too low (1014)', ctx), {
      ...base,
      hint: ERROR_HINTS.PriorityTooLow,
      retriable: true,
    });
  }
  if (rpcCode === 1013 || /already imported/i.test(message)) {
    return new ChainError(
      'AlreadyImported',
      withContext('the same transaction is already in the pool (1013)', ctx),
      base,
    );
  }
  if (rpcCode === 1012 || /temporarily banned/i.test(message)) {
    return new ChainError(
      'TemporarilyBanned',
      withContext('the node temporarily banned this transaction (1012); it was seen recently and rejected', ctx),
      base,
    );
  }
  if (rpcCode !== 1010 && rpcCode !== 1011 && !/invalid transaction|"invalid"\s*:/i.test(message)) return undefined;
  const custom = /custom error:?\s*(\d+)|"custom"\s*:\s*(\d+)/i.exec(message);
  if (custom) {
    const n = Number(custom[1] ?? custom[2]);
    const name = CUSTOM_TRANSACTION_ERRORS[n] ?? `CustomError${n}`;
    const docs = CUSTOM_TRANSACTION_DOCS[name];
    return new ChainError(name, withContext(`Invalid Transaction: Custom error ${n} = ${compose(name, docs)}`, ctx), {
      ...base,
      section: 'subtensorModule',
      docs,
      hint: ERROR_HINTS[name],
      retriable: false,
    });
  }
  for (const [re, code, retriable] of INVALID_TX_PATTERNS) {
    if (re.test(message)) {
      return new ChainError(code, withContext(`Invalid Transaction: ${compose(code, undefined)}`, ctx), {
        ...base,
        hint: ERROR_HINTS[code],
        retriable,
      });
    }
  }
  return new ChainError('InvalidTransaction', withContext(`Invalid Transaction: ${message}`, ctx), base);
}
