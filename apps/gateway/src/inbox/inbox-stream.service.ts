import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { type ErrorPayload, InvalidInputError, ROOT_LOGGER } from '@iren/platform';
import { DoorRefusals } from '../auth/door-refusals';
import { rateLimited } from '../throttling/rate-limited.error';
import { DeliveriesRepository } from './deliveries.repository';
import { type InboxItem, toInboxItem } from './delivery.view';
import { InboxNotifier } from './inbox-notifier';
import { type StreamHolder, StreamPrincipalWatch } from './stream-principal-watch';
import { StreamSlots } from './stream-slots';

/** Where a stream writes its frames: the HTTP response in the gateway, a fake in tests. */
export interface EventSink {
  /** False when the chunk was buffered and the writer should wait for `drain`. */
  write(chunk: string): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  end(): void;
}

export interface StreamTiming {
  /** Re-reads the inbox this often even without a notification: another gateway may have stored a delivery. */
  pollMs: number;
  /** Sends a comment this often, so proxies and clients see a live connection. */
  heartbeatMs: number;
}

const TIMING: StreamTiming = { pollMs: 3_000, heartbeatMs: 15_000 };
/** Rows read per query while replaying a backlog. */
const BATCH = 200;

/**
 * One client's live inbox. Every wake-up (a notification, a poll) re-reads the inbox after the
 * last cursor sent; reads never overlap, and a wake-up during a read causes one more read, so
 * every item is sent once, in cursor order, and nothing stored is left unsent.
 */
export class InboxStream {
  private reading = false;
  private again = false;
  private closed = false;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly read: (after: string | undefined, limit: number) => Promise<InboxItem[]>,
    private readonly sink: EventSink,
    private cursor: string | undefined,
    private readonly logger: Logger,
  ) {}

  /** Starts following `watch` (the notifier of this node); replays what is after the cursor at once. */
  start(watch: (listener: () => void) => () => void, timing: StreamTiming = TIMING): void {
    this.cleanups.push(watch(() => this.wake()));
    const poll = setInterval(() => this.wake(), timing.pollMs);
    const heartbeat = setInterval(() => this.sink.write(': heartbeat\n\n'), timing.heartbeatMs);
    this.cleanups.push(
      () => clearInterval(poll),
      () => clearInterval(heartbeat),
    );
    this.sink.once('close', () => this.close());
    // A client reconnects after 2 s by default; the opening comment tells it the stream is live.
    this.sink.write('retry: 2000\n: connected\n\n');
    this.wake();
  }

  /**
   * Tells the client why the stream stops — an `event: closed` whose data is the API's error shape
   * (`{"code":"UNAUTHORIZED",...}`) — and ends it. Nothing is sent after it.
   */
  end(reason: ErrorPayload): void {
    if (this.closed) return;
    this.sink.write(`event: closed\ndata: ${JSON.stringify(reason)}\n\n`);
    this.close();
  }

  /** Ends the stream and forgets its listeners and timers; harmless when already closed. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.sink.end();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private wake(): void {
    if (this.closed) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    void this.sendNew()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'inbox stream read failed; the next poll retries'))
      .finally(() => {
        this.reading = false;
        if (!this.again) return;
        this.again = false;
        this.wake();
      });
  }

  private async sendNew(): Promise<void> {
    for (;;) {
      const items = await this.read(this.cursor, BATCH);
      for (const item of items) {
        if (this.closed) return;
        const flushed = this.sink.write(`id: ${item.cursor}\nevent: delivery\ndata: ${JSON.stringify(item)}\n\n`);
        this.cursor = item.cursor;
        if (!flushed)
          await new Promise<void>((resolve) => (this.sink.once('drain', resolve), this.sink.once('close', resolve)));
      }
      if (items.length < BATCH) return;
    }
  }
}

/** When a node holding all its streams may try again: a client that went away frees its place at once. */
const STREAM_RETRY_AFTER_S = 10;

/**
 * `GET /inbox/stream`: the node's inbox as server-sent events, resumable from a cursor, at most
 * `IREN_STREAMS_PER_NODE` at once per node, each closed as soon as its principal no longer holds.
 */
@Injectable()
export class InboxStreamService implements OnModuleDestroy {
  private readonly streams = new Set<InboxStream>();
  private readonly logger: Logger;

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly notifier: InboxNotifier,
    private readonly slots: StreamSlots,
    private readonly principals: StreamPrincipalWatch,
    private readonly refusals: DoorRefusals,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: InboxStreamService.name });
  }

  /**
   * Answers `GET /inbox/stream` on `response` for `holder`: checks where to resume (a bad cursor is
   * a 400) and takes one of the node's places (none left: 429 with Retry-After), both before any
   * event, then switches the response to an event stream.
   */
  open(
    holder: StreamHolder,
    lastEventId: string | undefined,
    after: string | undefined,
    response: ServerResponse,
  ): void {
    const cursor = this.resumePoint(lastEventId, after);
    const release = this.slots.take(holder.nodeId);
    if (!release) {
      this.refusals.overBudget('streams', { tokenId: holder.tokenId }, { method: 'GET', url: '/inbox/stream' });
      throw rateLimited(
        response,
        `node ${holder.nodeId} already holds ${this.slots.held(holder.nodeId)} live streams, the most it may; close one first`,
        STREAM_RETRY_AFTER_S,
      );
    }
    response.once('close', release);
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tells nginx-like proxies not to hold events back in a buffer.
      'x-accel-buffering': 'no',
    });
    response.flushHeaders();
    response.socket?.setNoDelay(true);
    const stream = this.stream(holder.nodeId, cursor, response);
    const unwatch = this.principals.watch(stream, holder);
    response.once('close', unwatch);
  }

  /**
   * Where a client resumes: its `Last-Event-ID` (the id of the last event it received, sent by
   * EventSource on reconnect) wins over `?after=`; neither means from the start of the inbox.
   */
  resumePoint(lastEventId: string | undefined, after: string | undefined): string | undefined {
    const [field, cursor] = lastEventId ? ['Last-Event-ID', lastEventId] : ['after', after || undefined];
    if (cursor !== undefined && !/^\d{1,18}$/.test(cursor)) {
      throw new InvalidInputError(`${field} is not a cursor from this inbox`, [{ field, messages: ['not a cursor'] }]);
    }
    return cursor;
  }

  /** Streams `node`'s inbox after `cursor` into `sink` until the client goes, it is ended, or the gateway stops. */
  stream(node: string, cursor: string | undefined, sink: EventSink): InboxStream {
    const read = async (after: string | undefined, limit: number) =>
      (await this.deliveries.inbox(node, after, limit)).map(toInboxItem);
    const stream = new InboxStream(read, sink, cursor, this.logger.child({ node }));
    this.streams.add(stream);
    sink.once('close', () => this.streams.delete(stream));
    stream.start((listener) => this.notifier.watch(node, listener));
    return stream;
  }

  /** Ends every open stream, or the HTTP server would wait for them forever on shutdown. */
  onModuleDestroy(): void {
    for (const stream of this.streams) stream.close();
    this.streams.clear();
  }
}
