/**
 * Progress on long steps, on stderr so stdout stays data. With a terminal: a spinner with the elapsed time, replaced
 * by one line per finished step. Without one (CI, a pipe, a log file): plain lines, one when a step starts and one
 * when it ends, each stamped with the time since the command started.
 */
export interface Progress {
  /** Runs `fn` as one named step and returns what it returns; a throw marks the step failed and is passed on. */
  step<T>(label: string, fn: () => Promise<T>): Promise<T>;
  /** Starts a step whose end is reported by a callback (e.g. a library's progress events). */
  start(label: string): { done(): void; fail(): void };
  /** A line between steps. */
  note(line: string): void;
}

export interface ProgressOptions {
  stream?: { write(text: string): unknown; isTTY?: boolean };
  /** Force the spinner on or off (default: when the stream is a terminal). */
  spinner?: boolean;
  now?: () => number;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const spinner = options.spinner ?? stream.isTTY === true;
  const now = options.now ?? Date.now;
  const started = now();
  const stamp = () => `[${((now() - started) / 1000).toFixed(1).padStart(5)}s]`;

  const start = (label: string) => {
    const t0 = now();
    let ended = false;
    if (!spinner) {
      stream.write(`${stamp()} ${label} ...\n`);
      const end = (how: string) => {
        if (ended) return;
        ended = true;
        stream.write(`${stamp()} ${label}: ${how} ${seconds(now() - t0)}\n`);
      };
      return { done: () => end('done in'), fail: () => end('failed after') };
    }
    let frame = 0;
    const draw = () => stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${label} ${seconds(now() - t0)}`);
    draw();
    const timer = setInterval(draw, 100);
    timer.unref();
    const end = (mark: string) => {
      if (ended) return;
      ended = true;
      clearInterval(timer);
      stream.write(`\r\x1b[2K${mark} ${label} (${seconds(now() - t0)})\n`);
    };
    return { done: () => end('✔'), fail: () => end('✖') };
  };

  return {
    start,
    async step(label, fn) {
      const s = start(label);
      try {
        const result = await fn();
        s.done();
        return result;
      } catch (err) {
        s.fail();
        throw err;
      }
    },
    note: (line) => stream.write(spinner ? `${line}\n` : `${stamp()} ${line}\n`),
  };
}
