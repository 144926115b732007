/**
 * `defineSynapse`: a synapse type from its fields. The result knows its route name, its fields with their Python kinds,
 * which fields are hashed (`required_hash_fields`, in order), which are frozen and which are required, and it builds
 * and validates instances. The TypeScript type of an instance is inferred from the fields: `InferSynapse<typeof X>`.
 */
import { coerceField, coerceShape } from './coerce.js';
import { SynapseError } from './errors.js';
import type { AnyField, FieldShape, FieldSpec, ShapeInput, ShapeValue } from './fields.js';
import { copyFloatMarks } from './py-float.js';
import { parseTerminalInfo, type TerminalInfo, terminalInfo } from './terminal-info.js';

/** The base fields every synapse has, in Python's order (they come first in the JSON body). */
// A type alias (not an interface) so that every Synapse<S> is assignable to Synapse<FieldShape>.
export type SynapseBase = {
  /** The route name: the Python class name. */
  name: string;
  /** Seconds; the dendrite sets it to the call's timeout. Default 12.0. */
  timeout: number | null;
  total_size: number | null;
  header_size: number | null;
  dendrite: TerminalInfo;
  axon: TerminalInfo;
  /** Travels in the header; the body always carries "". Frozen. */
  computed_body_hash: string;
};

export const BASE_FIELD_NAMES = [
  'name',
  'timeout',
  'total_size',
  'header_size',
  'dendrite',
  'axon',
  'computed_body_hash',
] as const;

/** A synapse instance: base fields, then the definition's fields in declaration order. */
export type Synapse<S extends FieldShape = FieldShape> = SynapseBase & ShapeValue<S>;

/** What `create` accepts: the definition's fields (required ones mandatory) plus any base field. */
export type SynapseInput<S extends FieldShape = FieldShape> = ShapeInput<S> & {
  name?: string;
  timeout?: number | null;
  total_size?: number | null;
  header_size?: number | null;
  dendrite?: Partial<TerminalInfo>;
  axon?: Partial<TerminalInfo>;
  computed_body_hash?: string;
};

export interface SynapseDefinitionConfig<S extends FieldShape, H extends keyof S & string, D> {
  /** The route name; must equal the Python class name (case-sensitive). */
  name: string;
  fields: S;
  /** `required_hash_fields`, in order. Default: none (the body hash is then the hash of ""). */
  hashFields?: readonly H[];
  /** Dendrite-side hook: turns a completed response synapse into the value a caller wants (Python `deserialize()`). */
  deserialize?: (synapse: Synapse<S>) => D;
}

export interface SynapseDefinition<S extends FieldShape = FieldShape, D = unknown> {
  readonly name: string;
  readonly fields: Readonly<S>;
  /** Field names in declaration order (subclass fields only). */
  readonly fieldNames: readonly (keyof S & string)[];
  readonly hashFields: readonly (keyof S & string)[];
  /** Python-required fields (no default): each gets a `bt_header_input_obj_*` header. */
  readonly requiredFields: readonly (keyof S & string)[];
  /** Fields a response may not overwrite (plus the base `computed_body_hash`). */
  readonly frozenFields: readonly (keyof S & string)[];
  /** A new instance from input values; missing optional fields get their defaults. Throws on invalid input. */
  create(input: SynapseInput<S>): Synapse<S>;
  /** An instance from a parsed JSON body (lax coercion like pydantic); `name` is always the definition's name. */
  fromBody(body: unknown): Synapse<S>;
  /**
   * An independent copy of an instance (Python `model_copy(deep=True)`): changing one never changes the other. Cheap
   * when every field holds a plain value (a dendrite makes one per axon).
   */
  copy(synapse: Synapse<S>): Synapse<S>;
  /** The deserialize hook's value, or the synapse itself when the definition has none. */
  deserialize(synapse: Synapse<S>): D;
}

export type InferSynapse<T> = T extends SynapseDefinition<infer S, unknown> ? Synapse<S> : never;
export type InferInput<T> = T extends SynapseDefinition<infer S, unknown> ? SynapseInput<S> : never;
export type InferDeserialized<T> = T extends { deserialize(synapse: never): infer D } ? D : never;

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BASE = new Set<string>(BASE_FIELD_NAMES);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const numberSpec = (kind: 'float' | 'int', dflt: number): FieldSpec => ({
  kind,
  required: false,
  isNullable: true,
  hasDefault: true,
  defaultValue: dflt,
  isFrozen: false,
});
const TIMEOUT = numberSpec('float', 12);
const SIZE = numberSpec('int', 0);

function baseNumber(input: Record<string, unknown>, f: 'timeout' | 'total_size' | 'header_size', path: string) {
  const v = input[f];
  const spec = f === 'timeout' ? TIMEOUT : SIZE;
  if (v === undefined) return spec.defaultValue as number;
  if (v === null) return null;
  // The usual case, a plain number of the right kind, skips the general coercion.
  if (typeof v === 'number') {
    if (spec.kind === 'float') return v;
    if (Number.isSafeInteger(v)) return v === 0 ? 0 : v; // Python ints have no -0
  }
  return coerceField(spec, v, `${path}${f}`) as number;
}

function baseFrom(input: Record<string, unknown>, name: string, path: string): SynapseBase {
  const hash = input.computed_body_hash;
  if (hash !== undefined && hash !== null && typeof hash !== 'string')
    throw new SynapseError('SYNAPSE_INVALID_VALUE', `${path}computed_body_hash: expected a string`);
  return {
    name,
    timeout: baseNumber(input, 'timeout', path),
    total_size: baseNumber(input, 'total_size', path),
    header_size: baseNumber(input, 'header_size', path),
    dendrite: parseTerminalInfo(input.dendrite, `${path}dendrite`),
    axon: parseTerminalInfo(input.axon, `${path}axon`),
    computed_body_hash: (hash as string | null | undefined) ?? '',
  };
}

/**
 * Defines a synapse type.
 *
 * ```ts
 * const Dummy = defineSynapse({
 *   name: 'Dummy',
 *   fields: { input: t.int(), output: t.int().optional() },
 *   hashFields: ['input'],
 *   deserialize: (s) => s.output,
 * });
 * type Dummy = InferSynapse<typeof Dummy>;
 * ```
 */
export function defineSynapse<S extends FieldShape, H extends keyof S & string = never, D = Synapse<S>>(
  config: SynapseDefinitionConfig<S, H, D>,
): SynapseDefinition<S, D> {
  const { name, fields } = config;
  if (typeof name !== 'string' || !NAME_RE.test(name))
    throw new SynapseError(
      'SYNAPSE_INVALID_DEFINITION',
      `synapse name ${JSON.stringify(name)} is not a Python class name`,
    );
  if (!isPlainObject(fields)) throw new SynapseError('SYNAPSE_INVALID_DEFINITION', `${name}: fields must be an object`);
  const fieldNames = Object.keys(fields) as (keyof S & string)[];
  for (const f of fieldNames) {
    if (BASE.has(f) || f === 'required_hash_fields')
      throw new SynapseError('SYNAPSE_INVALID_DEFINITION', `${name}: field '${f}' clashes with a base Synapse field`);
    if (!NAME_RE.test(f))
      throw new SynapseError('SYNAPSE_INVALID_DEFINITION', `${name}: field name '${f}' is not a Python identifier`);
    const spec = fields[f] as AnyField | undefined;
    if (!spec || typeof spec.kind !== 'string')
      throw new SynapseError('SYNAPSE_INVALID_DEFINITION', `${name}: field '${f}' is not a field builder (use t.*)`);
  }
  const hashFields = [...(config.hashFields ?? [])] as (keyof S & string)[];
  for (const h of hashFields) {
    if (!fieldNames.includes(h))
      throw new SynapseError('SYNAPSE_INVALID_DEFINITION', `${name}: hash field '${h}' is not a field of the synapse`);
  }
  const requiredFields = fieldNames.filter((f) => (fields[f] as AnyField).required);
  const frozenFields = fieldNames.filter((f) => (fields[f] as AnyField).isFrozen);
  const hook = config.deserialize;

  const build = (input: unknown): Synapse<S> => {
    if (!isPlainObject(input))
      throw new SynapseError('SYNAPSE_INVALID_VALUE', `${name}: expected an object, got ${typeof input}`);
    const base = baseFrom(input, name, `${name}.`);
    const own = coerceShape(fields, input, name);
    copyFloatMarks(own, base); // integral float literals of untyped fields stay floats
    return Object.assign(base, own) as Synapse<S>;
  };

  return Object.freeze({
    name,
    fields,
    fieldNames,
    hashFields,
    requiredFields,
    frozenFields,
    create(input: SynapseInput<S>): Synapse<S> {
      const s = build(input ?? {});
      if (typeof input?.name === 'string') s.name = input.name;
      return s;
    },
    fromBody(body: unknown): Synapse<S> {
      return build(body);
    },
    copy(synapse: Synapse<S>): Synapse<S> {
      const src = synapse as unknown as Record<string, unknown>;
      let flat = true;
      for (const f of fieldNames) {
        const v = src[f];
        if (v !== null && typeof v === 'object') {
          flat = false;
          break;
        }
      }
      if (!flat) {
        const s = build(synapse);
        s.name = synapse.name;
        return s;
      }
      const out: Record<string, unknown> = {
        name: synapse.name,
        timeout: synapse.timeout,
        total_size: synapse.total_size,
        header_size: synapse.header_size,
        dendrite: synapse.dendrite ? { ...synapse.dendrite } : terminalInfo(),
        axon: synapse.axon ? { ...synapse.axon } : terminalInfo(),
        computed_body_hash: synapse.computed_body_hash,
      };
      for (const f of fieldNames) out[f] = src[f];
      copyFloatMarks(synapse, out);
      return out as Synapse<S>;
    },
    deserialize(synapse: Synapse<S>): D {
      return hook ? hook(synapse) : (synapse as unknown as D);
    },
  });
}

/** The base `Synapse` (the axon's default "ping" route): no fields, empty body hash. */
export const BaseSynapse = defineSynapse({ name: 'Synapse', fields: {} });

export { terminalInfo };
