/**
 * The fast path of `parseJson`: V8's native `JSON.parse` builds the objects (several times faster than building them
 * in JavaScript), and a light scan of the text first finds the few literals it would get wrong:
 * - integers beyond 2^53 (the dendrite nonce), which must stay exact bigints;
 * - integral float literals (`12.0`, `1e5`), which must be marked as floats (py-float.ts).
 * Those literals are swapped for placeholder strings before `JSON.parse` and put back after it. Anything unusual
 * (NaN/Infinity, deep nesting, a `\u0000` escape that could pass for a placeholder, invalid JSON) returns `SLOW`, and
 * the lossless JavaScript parser handles it, with its error messages.
 */
import {
  integerValue,
  isFloatLiteral,
  MAX_NUMBER_LENGTH,
  MAX_OBJECT_KEYS,
  MAX_TOTAL_KEYS,
  numberEnd,
} from './json-number.js';
import { markFloat } from './py-float.js';

export const SLOW: unique symbol = Symbol('use the JavaScript parser');

/** Placeholders are "\u0000<index>": input cannot produce a string starting with NUL without a \u0000 escape. */
const NUL = '\\u0000';
const MAX_DEPTH = 500;

/** Index of the quote that closes the string opened at `open`, or -1. */
function closingQuote(t: string, open: number): number {
  let q = t.indexOf('"', open + 1);
  for (;;) {
    if (q < 0) return -1;
    let slashes = 0;
    while (t.charCodeAt(q - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) return q;
    q = t.indexOf('"', q + 1);
  }
}

interface Special {
  start: number;
  end: number;
  value: number | bigint;
  float: boolean;
}

/** Finds the literals JSON.parse would get wrong; SLOW when the text needs the JavaScript parser anyway. */
function scan(t: string): Special[] | typeof SLOW {
  const specials: Special[] = [];
  // Members per open object (by depth) and in all: past a bound the JavaScript parser reports it.
  const members: number[] = [];
  let total = 0;
  let depth = 0;
  const n = t.length;
  for (let i = 0; i < n; ) {
    const c = t.charCodeAt(i);
    if (c === 0x22) {
      const q = closingQuote(t, i);
      if (q < 0) return SLOW;
      i = q + 1;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_DEPTH) return SLOW;
      members[depth] = 0;
      i++;
    } else if (c === 0x3a) {
      if (++members[depth]! > MAX_OBJECT_KEYS || ++total > MAX_TOTAL_KEYS) return SLOW;
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const end = numberEnd(t, i);
      if (end < 0 || end - i > MAX_NUMBER_LENGTH) return SLOW; // -Infinity, too long, or not JSON
      if (isFloatLiteral(t, i, end)) {
        const v = Number(t.slice(i, end));
        if (Number.isInteger(v)) specials.push({ start: i, end, value: v, float: true });
      } else if (end - i > 15) {
        const v = integerValue(t.slice(i, end));
        if (typeof v === 'bigint') specials.push({ start: i, end, value: v, float: false });
      }
      i = end;
    } else if (c === 0x4e || c === 0x49) {
      return SLOW; // NaN, Infinity: Python's extensions
    } else i++;
  }
  return specials;
}

interface Restore {
  specials: Special[];
  /** Placeholders not yet found: the walk stops once every one is back. */
  left: number;
}

function placeholder(r: Restore, v: unknown): Special | undefined {
  return typeof v === 'string' && v.charCodeAt(0) === 0 ? r.specials[Number(v.slice(1))] : undefined;
}

function visit(r: Restore, container: Record<string | number, unknown>, key: string | number): void {
  const v = container[key];
  const s = placeholder(r, v);
  if (s) {
    // An own `__proto__` member (JSON.parse makes one) is redefined, never assigned through the setter.
    if (key === '__proto__') Object.defineProperty(container, key, { value: s.value });
    else container[key] = s.value;
    if (s.float) markFloat(container, key, s.value as number);
    r.left--;
  } else if (v !== null && typeof v === 'object') walk(r, v as Record<string | number, unknown>);
}

function walk(r: Restore, container: Record<string | number, unknown>): void {
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length && r.left > 0; i++) visit(r, container, i);
  } else {
    const keys = Object.keys(container);
    for (let i = 0; i < keys.length && r.left > 0; i++) visit(r, container, keys[i]!);
  }
}

/** Puts the special values back where their placeholders landed. Returns the (possibly replaced) root. */
function restore(root: unknown, specials: Special[]): unknown {
  const r: Restore = { specials, left: specials.length };
  const top = placeholder(r, root);
  if (top) return top.value;
  if (root !== null && typeof root === 'object') walk(r, root as Record<string | number, unknown>);
  return root;
}

/** The parsed value, exactly as the JavaScript parser would build it, or SLOW. */
export function parseJsonNative(text: string): unknown {
  const specials = scan(text);
  if (specials === SLOW) return SLOW;
  try {
    if (specials.length === 0) return JSON.parse(text);
    if (text.includes(NUL)) return SLOW;
    let rewritten = '';
    let from = 0;
    for (let i = 0; i < specials.length; i++) {
      const s = specials[i]!;
      rewritten += `${text.slice(from, s.start)}"${NUL}${i}"`;
      from = s.end;
    }
    rewritten += text.slice(from);
    return restore(JSON.parse(rewritten), specials);
  } catch {
    return SLOW;
  }
}
