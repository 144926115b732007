/**
 * Type-level tests of `defineSynapse` inference, checked by `npm run typecheck` (never run): what each field builder
 * infers to on an instance, on `create()`'s input and through `deserialize`. An `expectType<Equal<…>>()` line fails
 * to compile when an inferred type changes; a `@ts-expect-error` line fails when a mistake stops being an error.
 */
import { defineSynapse, type InferDeserialized, type InferInput, type InferSynapse } from './define.js';
import type { TensorValue } from './fields.js';
import { t } from './fields.js';
import type { TerminalInfo } from './terminal-info.js';

/** True only when A and B are the same type (not merely assignable either way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<_T extends true>(): void {}

const Query = defineSynapse({
  name: 'Query',
  fields: {
    prompt: t.str(),
    n: t.int().default(1),
    temperature: t.float().optional(),
    seed: t.int().nullable(),
    nonce: t.bigint(),
    ok: t.bool().default(true),
    tags: t.list(t.str()).default([]),
    rows: t.list(),
    pair: t.tuple(t.int(), t.str()),
    scores: t.dict(t.float()),
    meta: t.object({ a: t.int(), b: t.str().optional() }),
    image: t.tensor().optional(),
    anything: t.any(),
    answer: t.str().optional().frozen(),
  },
  hashFields: ['prompt', 'n'],
  deserialize: (s) => s.answer ?? '',
});

type Q = InferSynapse<typeof Query>;

// Instance: each builder's value type.
expectType<Equal<Q['prompt'], string>>();
expectType<Equal<Q['n'], number>>();
expectType<Equal<Q['temperature'], number | null>>();
expectType<Equal<Q['seed'], number | null>>();
expectType<Equal<Q['nonce'], bigint>>();
expectType<Equal<Q['ok'], boolean>>();
expectType<Equal<Q['tags'], string[]>>();
expectType<Equal<Q['rows'], unknown[]>>();
expectType<Equal<Q['pair'], [number, string]>>();
expectType<Equal<Q['scores'], Record<string, number>>>();
expectType<Equal<Q['meta'], { a: number; b: string | null }>>();
expectType<Equal<Q['image'], TensorValue | null>>();
expectType<Equal<Q['anything'], unknown>>();
expectType<Equal<Q['answer'], string | null>>();
// The base fields every synapse has.
expectType<Equal<Q['name'], string>>();
expectType<Equal<Q['timeout'], number | null>>();
expectType<Equal<Q['dendrite'], TerminalInfo>>();
expectType<Equal<Q['computed_body_hash'], string>>();
// `create()` returns the same type; `deserialize` returns what the hook returns.
expectType<Equal<ReturnType<typeof Query.create>, Q>>();
expectType<Equal<InferDeserialized<typeof Query>, string>>();
expectType<Equal<ReturnType<typeof Query.deserialize>, string>>();

// Input: required fields (no default, including `.nullable()` ones) are mandatory, the rest optional; a bigint
// field also takes a number.
type I = InferInput<typeof Query>;
expectType<Equal<I['prompt'], string>>();
expectType<Equal<I['seed'], number | null>>();
expectType<Equal<I['nonce'], bigint | number>>();
expectType<Equal<I['n'], number | undefined>>();
expectType<Equal<I['meta'], { a: number; b?: string | null }>>();
Query.create({ prompt: 'hi', seed: null, nonce: 1, pair: [1, 'a'], scores: {}, meta: { a: 1 }, anything: 0, rows: [] });

// @ts-expect-error a required field (prompt) is missing
Query.create({ seed: null, nonce: 1, pair: [1, 'a'], scores: {}, meta: { a: 1 }, anything: 0, rows: [] });
// @ts-expect-error a field of the wrong type
Query.create({ prompt: 1, seed: null, nonce: 1, pair: [1, 'a'], scores: {}, meta: { a: 1 }, anything: 0, rows: [] });
// @ts-expect-error a tuple item of the wrong type
Query.create({ prompt: '', seed: null, nonce: 1, pair: ['a', 1], scores: {}, meta: { a: 1 }, anything: 0, rows: [] });

// @ts-expect-error hashFields name only fields of the synapse
defineSynapse({ name: 'Bad', fields: { a: t.int() }, hashFields: ['b'] });

// Without a deserialize hook the synapse itself comes back.
const Plain = defineSynapse({ name: 'Plain', fields: { x: t.float() } });
expectType<Equal<InferDeserialized<typeof Plain>, InferSynapse<typeof Plain>>>();
// @ts-expect-error a field the definition does not have
Plain.create({ x: 1 }).y;
