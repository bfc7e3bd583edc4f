/** One server-sent event (HTML standard, "Server-sent events"): its type, data and id. */
export interface ServerSentEvent {
  /** `message` when the server named none. */
  event: string;
  data: string;
  /** The last event id the stream set, as a browser's EventSource keeps it. */
  id: string;
}

/**
 * The event-stream format parsed from text chunks as they arrive, chunk boundaries anywhere
 * (inside a line, between CR and LF). Implements the standard's rules: lines end in CRLF, LF or
 * CR; `:` starts a comment; `data` lines join with LF; an event without data is not dispatched;
 * `id` persists across events and an id containing NUL is ignored; `retry` sets the reconnection delay.
 */
export class SseParser {
  /** The reconnection delay the server asked for (`retry:`), in milliseconds, if it did. */
  retryMs: number | undefined;
  lastEventId = '';
  private pending = '';
  private data: string[] = [];
  private eventType = '';
  private afterCarriageReturn = false;

  /** `onComment` hears each comment line (`: connected`, `: heartbeat`) without its colon. */
  constructor(private readonly onComment?: (text: string) => void) {}

  /** The events completed by this chunk. */
  push(chunk: string): ServerSentEvent[] {
    let text = chunk;
    // A CR ended the previous chunk: an LF starting this one belongs to it.
    if (this.afterCarriageReturn && text.startsWith('\n')) text = text.slice(1);
    this.afterCarriageReturn = text.endsWith('\r');
    const lines = (this.pending + text).split(/\r\n|\r|\n/);
    this.pending = lines.pop() ?? '';
    const events: ServerSentEvent[] = [];
    for (const line of lines) {
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) {
      this.onComment?.(line.slice(1).trimStart());
      return undefined;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.eventType = value;
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return undefined;
  }

  private dispatch(): ServerSentEvent | undefined {
    const [data, event] = [this.data, this.eventType];
    this.data = [];
    this.eventType = '';
    if (data.length === 0) return undefined;
    return { event: event || 'message', data: data.join('\n'), id: this.lastEventId };
  }
}
