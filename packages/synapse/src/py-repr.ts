/**
 * Python `str()`/`repr()` emulation for the body hash (spec axon-protocol §3.1). The hash covers
 * `str(model_dump()[field])`, so floats, containers and string quoting must come out byte for byte as CPython 3 writes
 * them.
 */
import { SynapseError } from './errors.js';
import { isMarkedFloat, PyFloat } from './py-float.js';

/**
 * `repr(float)`: shortest round-trip digits (JS and CPython both produce the shortest string that round-trips, choosing
 * the closest when several exist), then CPython's layout: scientific when the decimal exponent is < -4 or >= 16, with a
 * sign and at least two exponent digits; otherwise positional with at least one fractional digit.
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const ax = Math.abs(x);
  // Fast path: in [1e-4, 1e16) both languages print the shortest digits positionally; Python adds ".0" to integers.
  if (ax >= 1e-4 && ax < 1e16) {
    const str = String(x);
    return Number.isInteger(x) ? `${str}.0` : str;
  }
  const sign = x < 0 ? '-' : '';
  // toExponential() with no argument gives the shortest round-trip digits: "d.ddde+N".
  const [mant, expPart] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const exp = Number(expPart);
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intLen = exp + 1;
  if (digits.length <= intLen) return `${sign}${digits}${'0'.repeat(intLen - digits.length)}.0`;
  return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}

// Characters Python's str.isprintable() rejects: Unicode "Other" and "Separator" categories, except the ASCII space.
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** `repr(str)`: single quotes unless the text has `'` and no `"`; escapes `\\`, `\t`, `\n`, `\r`, non-printables. */
// Printable ASCII other than the quote and the backslash: such a string is repr'd as itself in single quotes.
const PLAIN = /^[\x20-\x26\x28-\x5b\x5d-\x7e]*$/;

export function pyStrRepr(s: string): string {
  if (PLAIN.test(s)) return `'${s}'`;
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x7f) out += ch;
    else if (cp !== 0x20 && NON_PRINTABLE.test(ch)) {
      if (cp <= 0xff) out += `\\x${hex(cp, 2)}`;
      else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
      else out += `\\U${hex(cp, 8)}`;
    } else out += ch;
  }
  return out + quote;
}

/** `repr(int)` for a JS integer; `-0` is the int 0. */
export function pyIntRepr(x: number | bigint): string {
  if (typeof x === 'bigint') return x.toString();
  if (Object.is(x, -0)) return '0';
  // Large safe integers: toString never switches to exponent notation below 1e21, and ints from JSON are < 2^53.
  return Number.isSafeInteger(x) ? x.toString() : BigInt(x).toString();
}

/**
 * `repr()` of an untyped value as it comes out of JSON: number (int unless non-integral, marked or PyFloat), bigint,
 * string, boolean, null, array, plain object (insertion order). `float` forces Python float formatting of a number.
 */
export function pyRepr(value: unknown, float = false): string {
  switch (typeof value) {
    case 'string':
      return pyStrRepr(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'bigint':
      return float ? pyFloatRepr(Number(value)) : value.toString();
    case 'number':
      return float || !Number.isInteger(value) ? pyFloatRepr(value) : pyIntRepr(value);
    case 'undefined':
      return 'None';
    case 'object': {
      if (value === null) return 'None';
      if (value instanceof PyFloat) return pyFloatRepr(value.value);
      if (Array.isArray(value)) {
        const parts: string[] = [];
        for (let i = 0; i < value.length; i++) parts.push(pyRepr(value[i], isMarkedFloat(value, i, value[i])));
        return `[${parts.join(', ')}]`;
      }
      const obj = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const k of Object.keys(obj)) parts.push(`${pyStrRepr(k)}: ${pyRepr(obj[k], isMarkedFloat(obj, k, obj[k]))}`);
      return `{${parts.join(', ')}}`;
    }
    default:
      throw new SynapseError('SYNAPSE_INVALID_VALUE', `cannot represent a ${typeof value} as a Python value`);
  }
}

/** `str()` of an untyped value: a top-level string is itself; everything else is its repr. */
export function pyStr(value: unknown, float = false): string {
  return typeof value === 'string' ? value : pyRepr(value, float);
}
