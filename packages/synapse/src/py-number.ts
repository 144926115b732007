/**
 * Python's `int(str)` and `float(str)` as the header codec needs them (TerminalInfo's `cast_int`/`cast_float`).
 * `int()` takes an optional sign and decimal digits with single underscores between digits, surrounded by whitespace;
 * `"12.0"` is rejected. `float()` also takes decimals, exponents, `inf`, `infinity` and `nan` in any case.
 */
import { SynapseError, shortText } from './errors.js';
import { MAX_NUMBER_LENGTH } from './json-number.js';

const INT_RE = /^\s*([+-]?)(\d(?:_?\d)*)\s*$/;
const FLOAT_RE = /^\s*[+-]?(?:(?:\d(?:_?\d)*)(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?\s*$/;
const SPECIAL_RE = /^\s*([+-]?)(inf|infinity|nan)\s*$/i;

/** Python `int(s)` for base 10; returns a bigint (header integers can be 19-digit nonces). */
export function parsePyInt(s: string, what = 'value'): bigint {
  // Python's int() refuses more than 4300 digits; the bound also keeps BigInt() (quadratic in length) cheap.
  if (s.length > MAX_NUMBER_LENGTH)
    throw new SynapseError(
      'SYNAPSE_INVALID_HEADER',
      `${what}: an integer of ${s.length} characters exceeds the limit of 4300 digits`,
    );
  const m = INT_RE.exec(s);
  if (!m) {
    throw new SynapseError(
      'SYNAPSE_INVALID_HEADER',
      `${what}: ${shortText(JSON.stringify(s))} is not an integer literal (Python int() rejects it)`,
    );
  }
  const v = BigInt(m[2]!.replaceAll('_', ''));
  return m[1] === '-' ? -v : v;
}

/** Python `float(s)`. */
export function parsePyFloat(s: string, what = 'value'): number {
  const sp = SPECIAL_RE.exec(s);
  if (sp) {
    const neg = sp[1] === '-';
    if (sp[2]!.toLowerCase() === 'nan') return Number.NaN;
    return neg ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (!FLOAT_RE.test(s)) {
    throw new SynapseError(
      'SYNAPSE_INVALID_HEADER',
      `${what}: ${shortText(JSON.stringify(s))} is not a float literal (Python float() rejects it)`,
    );
  }
  return Number(s.trim().replaceAll('_', ''));
}

/** A Python int header that must fit a JS number (status codes, ports, versions, sizes). */
export function parsePySafeInt(s: string, what = 'value'): number {
  const v = parsePyInt(s, what);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new SynapseError('SYNAPSE_INVALID_HEADER', `${what}: ${shortText(s.trim())} is too large`);
  }
  return Number(v);
}
