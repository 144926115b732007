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

/** The miner's answer to Dummy. */
export function double(input: number): number {
  return input * 2;
}

/** The chunks the miner streams for DummyStream: `tok0 `, `tok1 `, … */
export function tokens(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `tok${i} `);
}
