/**
 * JavaScript has one number type; Python has int and float, and `str(1.0)` is `1.0` while `str(1)` is `1`. Inside a
 * typed field the field's kind decides. Inside untyped containers (`t.list()`, `t.dict()`, `t.any()`) two things keep
 * an integral float a float: the JSON parser marks `1.0`/`1e5` literals it reads (a side table keyed by container, so
 * values stay plain numbers), and a caller can wrap a value in `PyFloat` explicitly.
 */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
}

/** Wrap a number so that it is written and hashed as a Python float (`pyFloat(1)` -> `1.0`). */
export function pyFloat(value: number): PyFloat {
  return new PyFloat(value);
}

const marks = new WeakMap<object, Map<string | number, number>>();

/** Records that `container[key]` was read as a float literal with an integral value. */
export function markFloat(container: object, key: string | number, value: number): void {
  let m = marks.get(container);
  if (!m) {
    m = new Map();
    marks.set(container, m);
  }
  m.set(key, value);
}

/** True when `container[key]` still holds the integral float the parser read there (or a PyFloat). */
export function isMarkedFloat(container: object, key: string | number, value: unknown): boolean {
  if (value instanceof PyFloat) return true;
  const m = marks.get(container);
  if (!m) return false;
  const v = m.get(key);
  return v !== undefined && Object.is(v, value);
}

/** Copies float marks from one container to another (used when a parsed container is cloned). */
export function copyFloatMarks(from: object, to: object): void {
  const m = marks.get(from);
  if (m) marks.set(to, new Map(m));
}
