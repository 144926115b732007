/**
 * The fuzz suites' shared loop and answer rules: send generated requests to a miner (its own process) over raw
 * sockets, a few at a time, bounded in count and in time, and check every answer as the axon README documents it:
 * a documented status, `bt_header_axon_status_code` equal to it and, for errors, a JSON `{"message"}`; no 5xx for a
 * client's mistake except the 500 Python gives for a body-hash mismatch (kept for wire compatibility) and a 503 for load.
 */
import { type Exchange, exchange, type Miner } from '../support.js';

/** Statuses the axon README documents. */
export const DOCUMENTED = new Set([200, 400, 401, 403, 404, 408, 413, 415, 417, 422, 429, 431, 500, 503]);

export interface FuzzCase {
  bytes: Buffer;
  /** A HEAD request: answers carry no body. */
  head: boolean;
  /** The request path (its own routes, /health and /metrics, answer 200 without the bittensor headers). */
  path: string;
  /** What the case is, for a failure message. */
  label: string;
  /** Checks of the case's own, on each answer (e.g. the shape of a 200's output); returns problems. */
  check?: (answer: Exchange['answers'][number]) => string[];
}

export interface FuzzFigures {
  requests: number;
  answers: number;
  connectionsWithoutAnswer: number;
  statuses: Record<number, number>;
  seconds: number;
  slowestMs: number;
  minerRssStartMb: number;
  minerRssPeakMb: number;
}

/** The problems with one answer to `c`, by the rules above. */
export function answerProblems(c: FuzzCase, a: Exchange['answers'][number]): string[] {
  const problems: string[] = [];
  const where = `${a.status} ${c.label}`;
  if (!DOCUMENTED.has(a.status)) problems.push(`${where}: undocumented status`);
  const path = c.path.split('?')[0];
  if ((path === '/health' || path === '/metrics') && a.status === 200) return problems;
  if (a.headers.get('bt_header_axon_status_code') !== String(a.status))
    problems.push(`${where}: bt_header_axon_status_code is ${a.headers.get('bt_header_axon_status_code')}`);
  if (a.status !== 200 && !c.head) {
    let message: unknown;
    try {
      message = (JSON.parse(a.body.toString('utf8')) as { message?: unknown }).message;
    } catch {}
    if (a.headers.get('content-type') !== 'application/json' || typeof message !== 'string')
      problems.push(`${where}: error body is not a JSON {message}: ${a.body.toString('latin1').slice(0, 120)}`);
    else if (a.status >= 500) {
      const allowed =
        (a.status === 500 && message.startsWith('Hash mismatch')) ||
        (a.status === 503 && message.startsWith('Service unavailable'));
      if (!allowed) problems.push(`${where}: 5xx for a client's mistake: ${message.slice(0, 200)}`);
    }
  }
  if (c.check) problems.push(...c.check(a).map((p) => `${where}: ${p}`));
  return problems;
}

/**
 * Sends `cases(i)` for i < count, `concurrency` at a time, until done or `deadlineMs` passes or 20 problems are found.
 * A connection closed without an answer is a problem unless the request carried a megabyte or more: a request refused
 * before its body is read is answered and closed while the client still writes, and with megabytes unread the kernel
 * resets the connection, so the client may lose the answer.
 */
export async function runFuzz(
  miner: Miner,
  count: number,
  cases: (i: number) => FuzzCase,
  options: { concurrency?: number; deadlineMs?: number; answerTimeoutMs?: number } = {},
): Promise<{ figures: FuzzFigures; problems: string[] }> {
  const statuses = new Map<number, number>();
  const problems: string[] = [];
  const rssStart = miner.rssMb();
  let rssPeak = rssStart;
  let next = 0;
  let answered = 0;
  let noAnswer = 0;
  let slowest = 0;
  const t0 = performance.now();
  const deadline = Date.now() + (options.deadlineMs ?? 480_000);
  const answerTimeout = options.answerTimeoutMs ?? 20_000;
  async function worker(): Promise<void> {
    while (next < count && Date.now() < deadline && problems.length < 20) {
      const i = next++;
      const c = cases(i);
      const ex = await exchange(miner.port, c.bytes, answerTimeout, { head: c.head });
      slowest = Math.max(slowest, ex.ms);
      if (ex.timedOut) problems.push(`#${i} no answer within ${answerTimeout / 1000} s: ${c.label}`);
      if (ex.answers.length === 0) {
        noAnswer++;
        if (c.bytes.length < 1024 * 1024) problems.push(`#${i} closed without an answer: ${c.label}`);
        if (process.env.FUZZ_DEBUG) console.log('no answer', ex.rest, c.label);
      }
      for (const a of ex.answers) {
        answered++;
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        problems.push(...answerProblems(c, a).map((p) => `#${i} ${p}`));
      }
      if (i % 500 === 0) rssPeak = Math.max(rssPeak, miner.rssMb());
    }
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  rssPeak = Math.max(rssPeak, miner.rssMb());
  return {
    problems,
    figures: {
      requests: next,
      answers: answered,
      connectionsWithoutAnswer: noAnswer,
      statuses: Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])),
      seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
      slowestMs: Math.round(slowest),
      minerRssStartMb: Math.round(rssStart),
      minerRssPeakMb: Math.round(rssPeak),
    },
  };
}
