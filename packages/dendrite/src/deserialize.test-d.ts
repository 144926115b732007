/**
 * Type-level tests of the dendrite's `deserialize` overloads, checked by `npm run typecheck` (never run): `call`,
 * `forward` and `stream` return the definition's `deserialize` value by default and with `deserialize: true`, the
 * `Synapse` with `deserialize: false`, and the union when the flag is only known at run time. An
 * `expectType<Equal<…>>()` line fails to compile when a return type changes; a `@ts-expect-error` line fails when a
 * mistake stops being an error. (The same mechanism as packages/synapse's define.test-d.ts.)
 */
import { defineSynapse, type Synapse, t } from '@subnetkit/synapse';
import type { Dendrite } from './dendrite.js';

/** True only when A and B are the same type (not merely assignable either way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<_T extends true>(): void {}

const Answer = defineSynapse({
  name: 'Answer',
  fields: { question: t.str(), answer: t.int().optional() },
  hashFields: ['question'],
  deserialize: (s) => ({ value: s.answer ?? 0 }),
});
type AnswerFields = (typeof Answer)['fields'];
type AnswerSynapse = Synapse<AnswerFields>;
type Deserialized = { value: number };

const Plain = defineSynapse({ name: 'Plain', fields: { n: t.int() } });
type PlainSynapse = Synapse<(typeof Plain)['fields']>;

declare const dendrite: Dendrite;
declare const flag: boolean;
const axon = { ip: '127.0.0.1', port: 8091, hotkey: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty' };

async function checks(): Promise<void> {
  // call: the hook's value by default and with deserialize: true; the synapse with deserialize: false.
  const a = await dendrite.call(axon, Answer, { question: 'q' });
  expectType<Equal<typeof a, Deserialized>>();
  const b = await dendrite.call(axon, Answer, { question: 'q' }, { deserialize: true, timeout: 5 });
  expectType<Equal<typeof b, Deserialized>>();
  const c = await dendrite.call(axon, Answer, { question: 'q' }, { deserialize: false });
  expectType<Equal<typeof c, AnswerSynapse>>();
  const d = await dendrite.call(axon, Answer, { question: 'q' }, { deserialize: flag });
  expectType<Equal<typeof d, Deserialized | AnswerSynapse>>();
  // No hook: deserialize gives the synapse itself.
  const p = await dendrite.call(axon, Plain, { n: 1 });
  expectType<Equal<typeof p, PlainSynapse>>();

  // forward: the same, per axon.
  const fa = await dendrite.forward([axon], Answer, { question: 'q' });
  expectType<Equal<typeof fa, Deserialized[]>>();
  const fc = await dendrite.forward([axon], Answer, { question: 'q' }, { deserialize: false });
  expectType<Equal<typeof fc, AnswerSynapse[]>>();
  const fd = await dendrite.forward([axon], Answer, { question: 'q' }, { deserialize: flag });
  expectType<Equal<typeof fd, (Deserialized | AnswerSynapse)[]>>();

  // stream: chunks (text by default), then the deserialized value or the synapse.
  for await (const item of dendrite.stream(axon, Answer, { question: 'q' })) {
    expectType<Equal<typeof item, string | Deserialized | AnswerSynapse>>();
  }

  // @ts-expect-error a field the definition does not have
  await dendrite.call(axon, Answer, { question: 'q', nope: 1 });
  // @ts-expect-error the wrong type for a field
  await dendrite.forward([axon], Answer, { question: 42 });
  // @ts-expect-error deserialize: false gives a Synapse, not the hook's value
  const wrong: Deserialized = await dendrite.call(axon, Answer, { question: 'q' }, { deserialize: false });
  // @ts-expect-error the default gives the hook's value, not a Synapse
  const wrong2: AnswerSynapse[] = await dendrite.forward([axon], Answer, { question: 'q' });
  // @ts-expect-error forward takes an array of axons
  await dendrite.forward(axon, Answer, { question: 'q' });
  void wrong;
  void wrong2;
}
void checks;
