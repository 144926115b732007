/**
 * Field builders for synapse definitions. Each builder carries its Python kind at run time and its TypeScript type at
 * compile time, so a definition is the single source of both (no hand-written interface to keep in sync).
 *
 * Python terms: a field is *required* when it has no default (`input: int`); `.optional()` is `x: T | None = None`;
 * `.default(v)` is `x: T = v`; `.nullable()` is `x: Optional[T]` with no default; `.frozen()` is `Field(frozen=True)`
 * (a response may not overwrite it).
 */

export type FieldKind =
  | 'str'
  | 'int'
  | 'bigint'
  | 'float'
  | 'bool'
  | 'list'
  | 'tuple'
  | 'dict'
  | 'object'
  | 'tensor'
  | 'any';

/** The Python-side tensor (`bt.Tensor`): base64 msgpack-numpy buffer (or a typed array before encoding), dtype, shape. */
export interface TensorValue {
  buffer: string | TensorArray | null;
  dtype: string;
  shape: number[];
}

export type TensorArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

export interface FieldSpec {
  readonly kind: FieldKind;
  /** Python "required": no default, must be given (its `bt_header_input_obj_*` header is sent). */
  readonly required: boolean;
  readonly isNullable: boolean;
  readonly hasDefault: boolean;
  readonly defaultValue: unknown;
  readonly isFrozen: boolean;
  readonly item?: FieldSpec;
  /** Fixed item fields of a typed tuple, in order. */
  readonly items?: readonly FieldSpec[];
  readonly shape?: Readonly<Record<string, FieldSpec>>;
  readonly description?: string;
}

/**
 * A field builder. `T` is the value type of the field on a synapse; `I` is the type accepted when creating one (nested
 * objects may omit defaulted members); `R` is whether the field must be given.
 */
export class Field<T, I = T, R extends boolean = true> implements FieldSpec {
  declare readonly _type: T;
  declare readonly _input: I;
  declare readonly _required: R;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly isNullable: boolean;
  readonly hasDefault: boolean;
  readonly defaultValue: unknown;
  readonly isFrozen: boolean;
  readonly item?: FieldSpec;
  readonly items?: readonly FieldSpec[];
  readonly shape?: Readonly<Record<string, FieldSpec>>;
  readonly description?: string;

  constructor(spec: Omit<FieldSpec, 'required'> & { required?: boolean }) {
    this.kind = spec.kind;
    this.isNullable = spec.isNullable;
    this.hasDefault = spec.hasDefault;
    this.required = spec.required ?? !spec.hasDefault;
    this.defaultValue = spec.defaultValue;
    this.isFrozen = spec.isFrozen;
    if (spec.item) this.item = spec.item;
    if (spec.items) this.items = spec.items;
    if (spec.shape) this.shape = spec.shape;
    if (spec.description !== undefined) this.description = spec.description;
  }

  private with(patch: Partial<FieldSpec>): FieldSpec {
    const base: FieldSpec = {
      kind: this.kind,
      required: this.required,
      isNullable: this.isNullable,
      hasDefault: this.hasDefault,
      defaultValue: this.defaultValue,
      isFrozen: this.isFrozen,
      ...(this.item ? { item: this.item } : {}),
      ...(this.items ? { items: this.items } : {}),
      ...(this.shape ? { shape: this.shape } : {}),
      ...(this.description !== undefined ? { description: this.description } : {}),
    };
    return { ...base, ...patch };
  }

  /** `x: T | None = None`: nullable, defaults to null, not required. */
  optional(): Field<T | null, I | null, false> {
    return new Field(this.with({ isNullable: true, hasDefault: true, defaultValue: null, required: false }));
  }

  /** `x: Optional[T]` with no default: must be given, may be null. */
  nullable(): Field<T | null, I | null, R> {
    return new Field(this.with({ isNullable: true }));
  }

  /** `x: T = value`: not required. Containers are copied per instance (pydantic deep-copies mutable defaults). */
  default(value: I): Field<T, I, false> {
    return new Field(this.with({ hasDefault: true, defaultValue: value, required: false }));
  }

  /** `Field(frozen=True)`: a response from the axon may not overwrite it on the dendrite side. */
  frozen(): Field<T, I, R> {
    return new Field(this.with({ isFrozen: true }));
  }

  describe(text: string): Field<T, I, R> {
    return new Field(this.with({ description: text }));
  }
}

export type AnyField = Field<unknown, unknown, boolean>;
export type FieldShape = Record<string, AnyField>;

export type FieldValue<F> = F extends Field<infer T, unknown, boolean> ? T : never;
export type FieldInput<F> = F extends Field<unknown, infer I, boolean> ? I : never;

type RequiredKeys<S extends FieldShape> = {
  [K in keyof S]: S[K] extends Field<unknown, unknown, true> ? K : never;
}[keyof S];
type OptionalKeys<S extends FieldShape> = Exclude<keyof S, RequiredKeys<S>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The value type of an object made of these fields. */
export type ShapeValue<S extends FieldShape> = Simplify<{ -readonly [K in keyof S]: FieldValue<S[K]> }>;
/** The input type of an object made of these fields: required fields mandatory, the rest optional. */
export type ShapeInput<S extends FieldShape> = Simplify<
  { -readonly [K in RequiredKeys<S>]: FieldInput<S[K]> } & { -readonly [K in OptionalKeys<S>]?: FieldInput<S[K]> }
>;

function make<T, I = T>(kind: FieldKind, extra: Partial<FieldSpec> = {}): Field<T, I, true> {
  return new Field<T, I, true>({
    kind,
    isNullable: false,
    hasDefault: false,
    defaultValue: undefined,
    isFrozen: false,
    ...extra,
  });
}

/** Field builders, one per Python kind. */
export const t = {
  /** `str` */
  str: () => make<string>('str'),
  /** `int` that fits a JS number (|x| < 2^53). */
  int: () => make<number>('int'),
  /** `int` of any size, as a bigint (nonces, balances in rao). */
  bigint: () => make<bigint, bigint | number>('bigint'),
  /** `float`: written and hashed as a Python float (`1` -> `1.0`). */
  float: () => make<number>('float'),
  /** `bool` */
  bool: () => make<boolean>('bool'),
  /** `list`, `list[T]` with an item field, or untyped items. */
  list: <F extends AnyField | undefined = undefined>(item?: F) =>
    make<F extends AnyField ? FieldValue<F>[] : unknown[], F extends AnyField ? FieldInput<F>[] : unknown[]>(
      'list',
      item ? { item } : {},
    ),
  /**
   * `tuple[A, B]` with item fields, or `tuple[Any, ...]` without. JSON carries a list, but Python's `str()` writes
   * `(1, 'a')` (and `(1,)` for one item), so the body hash differs from a list's.
   */
  tuple: <F extends AnyField[]>(...items: F) =>
    make<
      F extends [] ? unknown[] : { -readonly [K in keyof F]: FieldValue<F[K]> },
      F extends [] ? unknown[] : { -readonly [K in keyof F]: FieldInput<F[K]> }
    >('tuple', items.length ? { items } : {}),
  /** `dict`, `dict[str, T]` with a value field, or untyped values. */
  dict: <F extends AnyField | undefined = undefined>(value?: F) =>
    make<
      F extends AnyField ? Record<string, FieldValue<F>> : Record<string, unknown>,
      F extends AnyField ? Record<string, FieldInput<F>> : Record<string, unknown>
    >('dict', value ? { item: value } : {}),
  /** A nested pydantic model: dumped as a dict, fields in declaration order. */
  object: <S extends FieldShape>(shape: S) => make<ShapeValue<S>, ShapeInput<S>>('object', { shape }),
  /** `bt.Tensor`: `{buffer, dtype, shape}`. */
  tensor: () => make<TensorValue>('tensor'),
  /** `Any`: untyped JSON value. */
  any: () => make<unknown>('any'),
};
