/** JSON number literals scanned by hand (a regex match allocates per number, and bodies are mostly numbers). */

/**
 * Longest number literal accepted, in characters: Python's `int()` refuses more than 4300 digits (so no Python peer
 * sends more), and converting a longer literal to a bigint costs time quadratic in its length.
 */
export const MAX_NUMBER_LENGTH = 4300;
/** Most members in one JSON object: a many-keyed object is slow to build (V8 dictionary mode, ~0.5 s for 400k keys). */
export const MAX_OBJECT_KEYS = 10_000;
/** Most object members in one JSON document. */
export const MAX_TOTAL_KEYS = 200_000;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** End of the number literal `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` starting at `p`, or -1. */
export function numberEnd(t: string, p: number): number {
  if (t.charCodeAt(p) === 0x2d) p++;
  const d0 = t.charCodeAt(p);
  if (d0 === 0x30) p++;
  else if (d0 >= 0x31 && d0 <= 0x39) {
    p++;
    while (isDigit(t.charCodeAt(p))) p++;
  } else return -1;
  if (t.charCodeAt(p) === 0x2e && isDigit(t.charCodeAt(p + 1))) {
    p += 2;
    while (isDigit(t.charCodeAt(p))) p++;
  }
  const e = t.charCodeAt(p);
  if (e === 0x65 || e === 0x45) {
    let q = p + 1;
    const sign = t.charCodeAt(q);
    if (sign === 0x2b || sign === 0x2d) q++;
    if (isDigit(t.charCodeAt(q))) {
      q++;
      while (isDigit(t.charCodeAt(q))) q++;
      p = q;
    }
  }
  return p;
}

/** Whether the literal `t[start, end)` is written as a float (has a fraction or an exponent). */
export function isFloatLiteral(t: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x2e || c === 0x65 || c === 0x45) return true;
  }
  return false;
}

/** The value of an integer literal: a number when exact, else a bigint (19-digit nonces). */
export function integerValue(lit: string): number | bigint {
  // Up to 15 characters is always exact; longer integers beyond 2^53 keep every digit as a bigint.
  if (lit.length <= 15) return Number(lit);
  const n = Number(lit);
  return Number.isSafeInteger(n) ? n : BigInt(lit);
}
