/**
 * Axon health: a signed forward of the base `Synapse` (the ping route every axon has) through a Dendrite, as a
 * validator would reach the miner, with the round-trip latency. An answer with any status proves the axon is up;
 * only 200 means it also accepted our signature.
 */
import { Dendrite, failureCause } from '@subnetkit/dendrite';
import { BaseSynapse } from '@subnetkit/synapse';
import type { NeuronView } from './view.js';

export interface AxonHealth {
  uid: number;
  hotkey: string;
  /** `ok` (200), `refused` (it answered, with another status), `down` (no answer: timeout, refused connection). */
  state: 'ok' | 'refused' | 'down';
  status: number | null;
  message: string | null;
  /** Round trip in ms as the dendrite measured it; `null` when nothing came back. */
  latencyMs: number | null;
  /** Unix ms of the ping. */
  checkedAt: number;
}

export async function pingAxons(
  dendrite: Dendrite,
  neurons: readonly NeuronView[],
  timeoutS: number,
): Promise<AxonHealth[]> {
  const serving = neurons.filter((n) => n.axon !== null);
  if (serving.length === 0) return [];
  const targets = serving.map((n) => ({ ip: n.axon!.ip, port: n.axon!.port, hotkey: n.hotkey }));
  const checkedAt = Date.now();
  const answers = await dendrite.forward(targets, BaseSynapse, {}, { timeout: timeoutS, deserialize: false });
  return answers.map((s, i) => {
    const n = serving[i]!;
    const status = s.dendrite.status_code ?? null;
    // The dendrite attaches a cause only to statuses it set itself (timeout, unreachable, unparsable).
    const state = status === 200 ? 'ok' : failureCause(s) ? 'down' : 'refused';
    const seconds = s.dendrite.process_time;
    return {
      uid: n.uid,
      hotkey: n.hotkey,
      state,
      status,
      message: s.dendrite.status_message ?? null,
      latencyMs: state !== 'down' && typeof seconds === 'number' ? Math.round(seconds * 10_000) / 10 : null,
      checkedAt,
    };
  });
}

export { Dendrite };
