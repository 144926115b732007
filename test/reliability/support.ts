/**
 * Shared pieces of the reliability suites: the example miner in its own process (so a crash is seen, and its memory
 * is measured apart from the attacker's), one raw exchange over a fresh socket with a deadline, and figures.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Miner {
  port: number;
  hotkey: string;
  child: ChildProcess;
  /** Resident memory of the miner process, MB (Linux). */
  rssMb(): number;
  alive(): boolean;
  stop(): Promise<number | null>;
  stderr(): string;
}

/**
 * Starts `examples/dummy/miner.ts` on a free port of 127.0.0.1 with the //Bob hotkey, or another `script` (relative
 * to the repository) that prints the same `AXON_READY 127.0.0.1:<port> <hotkey>` line.
 */
export async function startMiner(
  script = 'examples/dummy/miner.ts',
  args = ['--port', '0', '--hotkey-uri', '//Bob', '--log-level', 'error'],
): Promise<Miner> {
  const child = spawn(`${ROOT}node_modules/.bin/tsx`, [script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr = (stderr + d).slice(-20_000);
  });
  const deadline = Date.now() + 90_000;
  while (!stdout.includes('\n')) {
    if (child.exitCode !== null) throw new Error(`miner exited early (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) throw new Error(`no AXON_READY line; stderr: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = /^AXON_READY 127\.0\.0\.1:(\d+) (\S+)\n/.exec(stdout);
  if (!m) throw new Error(`unexpected miner output ${JSON.stringify(stdout)}`);
  return {
    port: Number(m[1]),
    hotkey: m[2]!,
    child,
    rssMb: () => {
      // tsx runs the miner in a child node process: sum the tree (the launcher is small).
      let kb = 0;
      for (const pid of [child.pid!, ...childPids(child.pid!)]) {
        try {
          kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
        } catch {}
      }
      return kb / 1024;
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      return code;
    },
    stderr: () => stderr,
  };
}

function childPids(pid: number): number[] {
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
    return kids.flatMap((k) => [k, ...childPids(k)]);
  } catch {
    return [];
  }
}

export interface Exchange {
  /** Status of each answer on the connection (pipelined requests get several). */
  answers: { status: number; headers: Map<string, string>; body: Buffer }[];
  /** Bytes received that did not parse as answers (a cut stream, for instance). */
  rest: number;
  timedOut: boolean;
  ms: number;
}

/** Sends `bytes` on a fresh connection and reads answers until the server closes or `timeoutMs`. */
export function exchange(
  port: number,
  bytes: Buffer,
  timeoutMs: number,
  options: { localAddress?: string; head?: boolean } = {},
): Promise<Exchange> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const sock = connect({
      host: '127.0.0.1',
      port,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    const parts: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      sock.destroy();
    }, timeoutMs);
    sock.on('data', (d) => parts.push(d));
    sock.on('error', () => {});
    sock.on('close', () => {
      clearTimeout(timer);
      const { answers, rest } = parseAnswers(Buffer.concat(parts), options.head);
      resolve({ answers, rest, timedOut, ms: performance.now() - t0 });
    });
    // No half-close after writing: Node aborts a request whose client half-closes (httpAllowHalfOpen is false).
    sock.write(bytes);
  });
}

/** Splits a byte stream into HTTP/1.1 answers (content-length or chunked bodies). */
export function parseAnswers(buf: Buffer, head = false): { answers: Exchange['answers']; rest: number } {
  const answers: Exchange['answers'] = [];
  let at = 0;
  for (;;) {
    const end = buf.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const lines = buf.subarray(at, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1]);
    if (!status) break;
    const headers = new Map<string, string>();
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
    }
    let p = end + 4;
    let body: Buffer;
    if (head) body = Buffer.alloc(0);
    else if (headers.get('transfer-encoding') === 'chunked') {
      const chunks: Buffer[] = [];
      let complete = false;
      for (;;) {
        const nl = buf.indexOf('\r\n', p);
        if (nl < 0) break;
        const size = Number.parseInt(buf.subarray(p, nl).toString('latin1'), 16);
        if (Number.isNaN(size) || nl + 2 + size + 2 > buf.length) break;
        if (size === 0) {
          p = nl + 4;
          complete = true;
          break;
        }
        chunks.push(buf.subarray(nl + 2, nl + 2 + size));
        p = nl + 2 + size + 2;
      }
      if (!complete) return { answers, rest: buf.length - at };
      body = Buffer.concat(chunks);
    } else {
      const len = Number(headers.get('content-length') ?? 0);
      if (p + len > buf.length) return { answers, rest: buf.length - at };
      body = buf.subarray(p, p + len);
      p += len;
    }
    answers.push({ status, headers, body });
    at = p;
  }
  return { answers, rest: buf.length - at };
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** One JSON line of figures, with the load average (the machine is shared). */
export function figures(suite: string, values: Record<string, unknown>): void {
  const load = loadavg().map((x) => Number(x.toFixed(2)));
  process.stdout.write(`${JSON.stringify({ suite, ...values, loadavg: load })}\n`);
}

/** The soft limit on open files of this process. */
export function openFileLimit(): number {
  const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return m ? Number(m[1]) : 1024;
}
