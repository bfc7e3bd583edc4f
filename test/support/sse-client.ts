import http from 'node:http';

/** One server-sent event as the client parsed it. */
export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** A server-sent events client on node's http, parsing the framing itself (no EventSource library). */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  body = '';
  /** True once the server ended the response. */
  ended = false;
  private buffer = '';
  private request?: http.ClientRequest;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  /** Resolves once the response head arrived: then `status` is known (and, for 200, the stream is live). */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.request = http.get(this.url, { headers: { accept: 'text/event-stream', ...this.headers } }, (response) => {
        this.status = response.statusCode ?? 0;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => this.receive(chunk));
        response.on('end', () => {
          this.ended = true;
          for (const waiter of [...this.waiters]) waiter();
        });
        response.on('error', () => undefined);
        if (this.status !== 200) response.on('end', () => resolve());
        else this.waitFor(() => this.comments.includes('connected'), 10_000).then(resolve, reject);
      });
      this.request.on('error', (error) => (this.request?.destroyed ? undefined : reject(error)));
    });
  }

  close(): void {
    this.request?.destroy();
  }

  waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`SSE: timed out; events so far: ${this.events.map((e) => e.id).join(',')}`));
      }, timeoutMs);
      const waiter = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      this.waiters.add(waiter);
    });
  }

  private receive(chunk: string): void {
    if (this.status !== 200) {
      this.body += chunk;
      return;
    }
    this.buffer += chunk;
    const frames = this.buffer.split(/\r?\n\r?\n/);
    this.buffer = frames.pop()!;
    for (const frame of frames) this.parse(frame);
    for (const waiter of [...this.waiters]) waiter();
  }

  /** One frame, per the HTML standard: `field: value` lines, `:` starting a comment, data lines joined by \n. */
  private parse(frame: string): void {
    const event: SseEvent = { data: '' };
    const data: string[] = [];
    for (const line of frame.split(/\r?\n/)) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') event.id = value;
      if (field === 'event') event.event = value;
      if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    event.data = data.join('\n');
    this.events.push(event);
  }
}
