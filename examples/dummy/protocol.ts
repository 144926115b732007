/**
 * The Dummy protocol shared by the example miner and client (the spec's test synapses), as Python declares them:
 *
 *   class Dummy(bt.Synapse):
 *       input: int
 *       output: int | None = None
 *       required_hash_fields: ClassVar[tuple[str, ...]] = ("input",)
 *
 *   class DummyStream(bt.StreamingSynapse):
 *       count: int = 3
 *       tokens: list[str] = []
 *       required_hash_fields: ClassVar[tuple[str, ...]] = ("count",)
 */
import { defineSynapse, type InferSynapse, t } from '@subnetkit/synapse';

export const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { input: t.int(), output: t.int().optional() },
  hashFields: ['input'],
  deserialize: (s) => s.output,
});
export type Dummy = InferSynapse<typeof Dummy>;

export const DummyStream = defineSynapse({
  name: 'DummyStream',
  fields: { count: t.int().default(3), tokens: t.list(t.str()).default([]) },
  hashFields: ['count'],
});
export type DummyStream = InferSynapse<typeof DummyStream>;

// Request fields come from anyone on the internet: a miner bounds each before doing work proportional to it.
/** Largest |input| Dummy takes: its double must stay an exact integer. */
export const MAX_DUMMY_INPUT = Math.floor(Number.MAX_SAFE_INTEGER / 2);
/** Most chunks one DummyStream request may ask for. */
export const MAX_STREAM_COUNT = 10_000;

/** Why a Dummy request is out of bounds, or undefined when it is fine. */
export function dummyProblem(input: number): string | undefined {
  if (Math.abs(input) > MAX_DUMMY_INPUT) return `Dummy.input must be within ±${MAX_DUMMY_INPUT}, got ${input}`;
  return undefined;
}

/** Why a DummyStream request is out of bounds, or undefined when it is fine. */
export function streamProblem(count: number): string | undefined {
  if (count < 0 || count > MAX_STREAM_COUNT) return `DummyStream.count must be 0..${MAX_STREAM_COUNT}, got ${count}`;
  return undefined;
}

/** The miner's answer to Dummy. */
export function double(input: number): number {
  return input * 2;
}

/** The chunks the miner streams for DummyStream, made one at a time: `tok0 `, `tok1 `, … */
export function* tokens(count: number): Generator<string> {
  for (let i = 0; i < count; i++) yield `tok${i} `;
}
