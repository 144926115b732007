/**
 * Server-sent events to the open pages: bounded (a page over the limit is answered 503), a comment every 15 s keeps
 * proxies from closing idle streams, and a page that cannot keep up (its socket buffer over 4 MiB) is dropped
 * rather than buffered without end; it reconnects and gets a fresh snapshot.
 */
import type { ServerResponse } from 'node:http';

const MAX_BUFFERED = 4 * 1024 * 1024;

export class EventFeed {
  readonly #clients = new Set<ServerResponse>();
  readonly #maxClients: number;
  readonly #heartbeat: NodeJS.Timeout;

  constructor(maxClients: number) {
    this.#maxClients = maxClients;
    this.#heartbeat = setInterval(() => this.#write(': keep-alive\n\n'), 15_000);
    this.#heartbeat.unref();
  }

  get size(): number {
    return this.#clients.size;
  }

  /** Takes over a response as an event stream and sends it `first`; false when the feed is full. */
  open(res: ServerResponse, first: { event: string; data: unknown }): boolean {
    if (this.#clients.size >= this.#maxClients) return false;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    res.write(frame(first.event, first.data));
    this.#clients.add(res);
    res.on('close', () => this.#clients.delete(res));
    return true;
  }

  send(event: string, data: unknown): void {
    if (this.#clients.size > 0) this.#write(frame(event, data));
  }

  close(): void {
    clearInterval(this.#heartbeat);
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }

  #write(text: string): void {
    for (const res of this.#clients) {
      if (res.writableLength > MAX_BUFFERED) {
        res.destroy();
        this.#clients.delete(res);
      } else {
        res.write(text);
      }
    }
  }
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
