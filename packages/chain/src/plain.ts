import { Bytes, bool, Compact, Enum, GenericAccountId, Option, Struct, Text, Tuple, U8aFixed } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';

/**
 * Converts a decoded @polkadot/api value to plain JS, driven by its runtime type: integers wider than 32 bits become
 * `bigint` (u64 balances and stakes never lose precision), narrower ones `number`; accounts become SS58 strings,
 * hashes and fixed byte arrays hex, structs objects with the metadata's camelCase field names, vectors and tuples
 * arrays, `Option` `null` or its value, compact values their inner value.
 */
export function plain(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value !== 'object') return value;
  if (value instanceof Option) return value.isSome ? plain(value.unwrap()) : null;
  if (value instanceof Compact) return plain(value.unwrap());
  if (value instanceof bool) return value.isTrue;
  if (value instanceof GenericAccountId) return value.toString();
  if (value instanceof Text) return value.toString();
  if (value instanceof Bytes) return value.toHex();
  if (value instanceof U8aFixed) return value.toHex();
  if (value instanceof Struct) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value.entries()) out[String(k)] = plain(v);
    return out;
  }
  if (value instanceof Enum) {
    if (value.isBasic) return value.type;
    return { [value.type]: plain(value.value) };
  }
  if (value instanceof Tuple || Array.isArray(value)) return Array.from(value as unknown[], plain);
  const int = value as { toBigInt?: () => bigint; bitLength?: () => number; toNumber?: () => number };
  if (typeof int.toBigInt === 'function' && typeof int.bitLength === 'function' && typeof int.toNumber === 'function') {
    return int.bitLength() > 32 ? int.toBigInt() : int.toNumber();
  }
  return (value as Codec).toJSON?.() ?? value;
}
