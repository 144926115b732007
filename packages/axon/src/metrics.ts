/**
 * Prometheus metrics on a per-Axon registry (two axons in one process never share counters). Synapse labels are only
 * attached route names (or `unknown`), so a client cannot grow the label set.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export class AxonMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'synapse' | 'status'>;
  readonly latency: Histogram<'synapse'>;
  /** sr25519 verifications of requests (either scheme): a request shed at the capacity gate costs none. */
  readonly signatureChecks: Counter;

  constructor(state: { queued(): number; inFlight(): number; admitting(): number }, prefix = 'axon_') {
    this.requests = new Counter({
      name: `${prefix}requests_total`,
      help: 'Requests answered, by synapse and HTTP status',
      labelNames: ['synapse', 'status'],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: `${prefix}request_duration_seconds`,
      help: 'Time from request arrival to the response (to the stream end for streaming synapses)',
      labelNames: ['synapse'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 12, 30],
      registers: [this.registry],
    });
    this.signatureChecks = new Counter({
      name: `${prefix}signature_checks_total`,
      help: 'Request signatures verified (sr25519); requests shed before verification are not counted',
      registers: [this.registry],
    });
    new Gauge({
      name: `${prefix}admitting`,
      help: 'Requests past the capacity gate and not yet queued (nonce, signature, hooks, body)',
      registers: [this.registry],
      collect() {
        this.set(state.admitting());
      },
    });
    new Gauge({
      name: `${prefix}queue_depth`,
      help: 'Requests waiting in the priority queue',
      registers: [this.registry],
      collect() {
        this.set(state.queued());
      },
    });
    new Gauge({
      name: `${prefix}in_flight`,
      help: 'Forwards running now',
      registers: [this.registry],
      collect() {
        this.set(state.inFlight());
      },
    });
  }

  observe(synapse: string, status: number, seconds: number): void {
    this.requests.inc({ synapse, status: String(status) });
    this.latency.observe({ synapse }, seconds);
  }
}
