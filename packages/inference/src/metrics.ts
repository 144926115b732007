/**
 * Prometheus metrics of batchers, labelled by model name. One set per registry (batchers sharing a registry share
 * it), so an axon's registry can carry every model it serves next to its own request metrics.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type Outcome = 'ok' | 'invalid' | 'overloaded' | 'aborted' | 'error';

export class InferenceMetrics {
  readonly batchSize: Histogram<'model'>;
  readonly queueWait: Histogram<'model'>;
  readonly inferenceTime: Histogram<'model'>;
  readonly requests: Counter<'model' | 'outcome'>;
  readonly #depth = new Map<string, () => number>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.batchSize = new Histogram({
      name: 'inference_batch_size',
      help: 'Samples per model call',
      labelNames: ['model'],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    });
    this.queueWait = new Histogram({
      name: 'inference_queue_wait_seconds',
      help: 'Time a request waited in the batcher before its batch started',
      labelNames: ['model'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.inferenceTime = new Histogram({
      name: 'inference_duration_seconds',
      help: 'Time of one model call (a whole batch)',
      labelNames: ['model'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.requests = new Counter({
      name: 'inference_requests_total',
      help: 'Batcher requests by outcome (ok, invalid, overloaded, aborted, error)',
      labelNames: ['model', 'outcome'],
      registers,
    });
    const depth = this.#depth;
    new Gauge({
      name: 'inference_queue_depth',
      help: 'Requests waiting in the batcher',
      labelNames: ['model'],
      registers,
      collect() {
        this.reset();
        for (const [model, read] of depth) this.set({ model }, read());
      },
    });
  }

  /** Reports `read()` as the queue depth of `model` until the returned function is called. */
  trackDepth(model: string, read: () => number): () => void {
    this.#depth.set(model, read);
    return () => {
      if (this.#depth.get(model) === read) this.#depth.delete(model);
    };
  }
}

const byRegistry = new WeakMap<Registry, InferenceMetrics>();

/** The inference metrics registered in `registry` (created on first use). */
export function inferenceMetrics(registry: Registry): InferenceMetrics {
  let m = byRegistry.get(registry);
  if (!m) {
    m = new InferenceMetrics(registry);
    byRegistry.set(registry, m);
  }
  return m;
}
