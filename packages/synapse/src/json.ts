/**
 * JSON as Python speaks it.
 *
 * - `parseJson` is lossless: integers beyond 2^53 become `bigint` (the dendrite nonce is a 19-digit integer), integral
 *   float literals (`1.0`, `1e5`) inside containers are marked as floats (see py-float.ts), and Python's `NaN`,
 *   `Infinity` and `-Infinity` are accepted as `json.loads` does.
 * - `stringifyJson` writes what Python writes: `json.dumps` style (`", "`, `": "`, ensure_ascii) for requests, or
 *   Starlette's `JSONResponse` style (`","`, `":"`, raw UTF-8) for axon responses. Floats use Python's repr.
 */
import { SynapseError } from './errors.js';
import { parseJsonNative, SLOW } from './json-native.js';
import {
  integerValue,
  isFloatLiteral,
  MAX_NUMBER_LENGTH,
  MAX_OBJECT_KEYS,
  MAX_TOTAL_KEYS,
  numberEnd,
} from './json-number.js';
import { isMarkedFloat, markFloat, PyFloat } from './py-float.js';
import { pyFloatRepr } from './py-repr.js';

export type JsonStyle = 'python' | 'compact';

const CONTROL = /[\u0000-\u001f]/;
const UTF8 = new TextDecoder('utf-8', { fatal: false });

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    const near = this.text.slice(Math.max(0, this.pos - 20), this.pos + 20).replace(/\s+/g, ' ');
    throw new SynapseError('SYNAPSE_INVALID_JSON', `invalid JSON at offset ${this.pos}: ${what} (near '${near}')`);
  }

  ws(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  value(depth: number): unknown {
    if (depth > 512) this.fail('nesting deeper than 512 levels');
    this.ws();
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      case 'N':
        return this.literal('NaN', Number.NaN);
      case 'I':
        return this.literal('Infinity', Number.POSITIVE_INFINITY);
      case undefined:
        return this.fail('unexpected end of input');
      default:
        if (c === '-' && this.text.startsWith('-Infinity', this.pos)) return this.literal('-Infinity', -Infinity);
        return this.number();
    }
  }

  literal<T>(word: string, v: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`unexpected token`);
    this.pos += word.length;
    return v;
  }

  /** Whether the last number read was written as a float (`1.0`, `1e5`). */
  lastFloat = false;

  number(): number | bigint {
    const t = this.text;
    const start = this.pos;
    const end = numberEnd(t, start);
    if (end < 0) this.fail('unexpected token');
    if (end - start > MAX_NUMBER_LENGTH)
      this.fail(`a number of ${end - start} characters (the limit is ${MAX_NUMBER_LENGTH}, as Python's int())`);
    this.pos = end;
    const lit = t.slice(start, end);
    this.lastFloat = isFloatLiteral(t, start, end);
    return this.lastFloat ? Number(lit) : integerValue(lit);
  }

  string(): string {
    const t = this.text;
    const start = this.pos + 1;
    const q = t.indexOf('"', start);
    if (q < 0) this.fail('unterminated string');
    // Fast path: no escape before the closing quote. (Searching the slice, not the text: an indexOf over the rest of
    // the text for every string made a body of many short strings quadratic.)
    const raw = t.slice(start, q);
    const b = raw.indexOf('\\');
    if (b < 0) {
      if (CONTROL.test(raw)) {
        this.pos = start + raw.search(CONTROL);
        this.fail('control character in string');
      }
      this.pos = q + 1;
      return raw;
    }
    let p = start + b;
    for (;;) {
      const c = t.charCodeAt(p);
      if (Number.isNaN(c)) this.fail('unterminated string');
      if (c === 0x22) break;
      if (c === 0x5c) {
        p += 2;
        continue;
      }
      p++;
    }
    const lit = t.slice(start - 1, p + 1);
    this.pos = p + 1;
    try {
      return JSON.parse(lit) as string;
    } catch (err) {
      this.pos = start;
      return this.fail(`bad string (${(err as Error).message})`);
    }
  }

  /** Object members read so far, for the MAX_TOTAL_KEYS bound. */
  keys = 0;

  // Python dicts keep the first position and the last value of a repeated key, as JS objects do. `__proto__` is
  // defined as an own property so that input can never change an object's prototype.

  object(depth: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    let members = 0;
    this.pos++;
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return obj;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const key = this.string();
      if (++members > MAX_OBJECT_KEYS) this.fail(`an object with more than ${MAX_OBJECT_KEYS} members`);
      if (++this.keys > MAX_TOTAL_KEYS) this.fail(`more than ${MAX_TOTAL_KEYS} object members in one document`);
      this.ws();
      if (this.text[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      this.ws();
      const v = this.member(depth, obj, key);
      if (key === '__proto__') Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true });
      else obj[key] = v;
      this.ws();
      const c = this.text[this.pos++];
      if (c === '}') return obj;
      if (c !== ',') {
        this.pos--;
        this.fail("expected ',' or '}'");
      }
    }
  }

  array(depth: number): unknown[] {
    const arr: unknown[] = [];
    this.pos++;
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return arr;
    }
    for (;;) {
      this.ws();
      arr.push(this.member(depth, arr, arr.length));
      this.ws();
      const c = this.text[this.pos++];
      if (c === ']') return arr;
      if (c !== ',') {
        this.pos--;
        this.fail("expected ',' or ']'");
      }
    }
  }

  member(depth: number, container: object, key: string | number): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      if (c === 0x2d && this.text.startsWith('-Infinity', this.pos)) return this.literal('-Infinity', -Infinity);
      const value = this.number();
      if (this.lastFloat && Number.isInteger(value)) markFloat(container, key, value as number);
      return value;
    }
    return this.value(depth + 1);
  }
}

/** Parses JSON text (or UTF-8 bytes) losslessly. Throws `SynapseError('SYNAPSE_INVALID_JSON')` naming the offset. */
export function parseJson(input: string | Uint8Array): unknown {
  const text = typeof input === 'string' ? input : UTF8.decode(input);
  const fast = parseJsonNative(text);
  return fast === SLOW ? parseJsonInJs(text) : fast;
}

/** The lossless parser in JavaScript alone (the fallback of `parseJson`; exported for tests). */
export function parseJsonInJs(text: string): unknown {
  const p = new Parser(text);
  const v = p.value(0);
  p.ws();
  if (p.pos !== text.length) p.fail('unexpected data after the JSON value');
  return v;
}

// Python json.dumps(ensure_ascii=True) escapes everything outside printable ASCII as \u00xx (lowercase hex),
// with surrogate pairs for astral characters; JSONResponse (ensure_ascii=False) escapes only what JSON requires.
const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};
const NEEDS_ASCII = /["\\\u0000-\u001f\u007f-\uffff]/;
const NEEDS_MIN = /["\\\u0000-\u001f]/;

export function jsonString(s: string, style: JsonStyle): string {
  const ascii = style === 'python';
  if (!(ascii ? NEEDS_ASCII : NEEDS_MIN).test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    const e = ESCAPES[ch];
    if (e) out += e;
    else if (c < 0x20 || (ascii && c >= 0x7f)) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Python's json float: repr, with `NaN`/`Infinity`/`-Infinity` for the non-finite values. */
export function jsonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'Infinity';
  if (x === Number.NEGATIVE_INFINITY) return '-Infinity';
  return pyFloatRepr(x);
}

/** JSON of an untyped value as Python would write the Python value it stands for. `float` forces float output. */
export function stringifyJson(value: unknown, style: JsonStyle = 'python', float = false): string {
  const sep = style === 'python' ? ', ' : ',';
  const colon = style === 'python' ? ': ' : ':';
  switch (typeof value) {
    case 'string':
      return jsonString(value, style);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return float ? jsonFloat(Number(value)) : value.toString();
    case 'number':
      if (float || !Number.isInteger(value)) return jsonFloat(value);
      return Object.is(value, -0) ? '0' : Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
    case 'undefined':
      return 'null';
    case 'object': {
      if (value === null) return 'null';
      if (value instanceof PyFloat) return jsonFloat(value.value);
      if (Array.isArray(value)) {
        const parts: string[] = [];
        for (let i = 0; i < value.length; i++)
          parts.push(stringifyJson(value[i], style, isMarkedFloat(value, i, value[i])));
        return `[${parts.join(sep)}]`;
      }
      if (ArrayBuffer.isView(value)) throw new SynapseError('SYNAPSE_INVALID_VALUE', 'typed arrays have no JSON form');
      const obj = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const k of Object.keys(obj)) {
        if (obj[k] === undefined) continue;
        parts.push(`${jsonString(k, style)}${colon}${stringifyJson(obj[k], style, isMarkedFloat(obj, k, obj[k]))}`);
      }
      return `{${parts.join(sep)}}`;
    }
    default:
      throw new SynapseError('SYNAPSE_INVALID_VALUE', `a ${typeof value} has no JSON form`);
  }
}
