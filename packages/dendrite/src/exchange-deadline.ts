/**
 * The timeout and the caller's abort signal of one exchange, shared by unary and streaming calls: the timeout covers
 * the whole exchange (connect, send, receive; the whole stream), the signal aborts it with its own reason, and
 * settling stops both. A subclass says how to abort its transport.
 *
 * One object per exchange with its own timer and no closure per callback: a forward makes hundreds of these.
 */
import { DendriteError } from './errors.js';

// Expired timers run before pending I/O in Node's loop: after a long synchronous stretch (signing a large forward)
// an answer that already arrived would lose to its timer. One more turn lets that I/O land first.
function timerFired(x: ExchangeDeadline): void {
  setImmediate(timeoutNow, x);
}

function timeoutNow(x: ExchangeDeadline): void {
  if (x.settled) return;
  x.timedOut = true;
  x.abort(new DendriteError('DENDRITE_TIMEOUT', `no complete answer within ${x.timeoutS} s`));
}

export abstract class ExchangeDeadline {
  settled = false;
  /** True when the timeout (not the signal or the transport) ended the exchange. */
  timedOut = false;
  readonly timeoutS: number;
  readonly #timer: NodeJS.Timeout;
  readonly #signal: AbortSignal | undefined;
  readonly #onSignal: (() => void) | undefined;

  /** Starts the timer and listens to `signal`. Call before starting the transport. */
  constructor(timeoutS: number, signal: AbortSignal | undefined) {
    this.timeoutS = timeoutS;
    this.#timer = setTimeout(timerFired, timeoutS * 1000, this);
    this.#signal = signal;
    if (signal) {
      this.#onSignal = () => this.abort(signal.reason);
      signal.addEventListener('abort', this.#onSignal, { once: true });
    }
  }

  /** Ends the exchange with `reason`. No effect once settled. */
  abstract abort(reason: Error): void;

  /** Marks the exchange settled and stops the timer and the signal listener; false if it already was. */
  protected settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.#timer);
    if (this.#onSignal) this.#signal!.removeEventListener('abort', this.#onSignal);
    return true;
  }
}
