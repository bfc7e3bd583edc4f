import { EventEmitter } from 'node:events';
import pino from 'pino';
import { InvalidInputError } from '@iren/platform';
import { DoorRefusals } from '../auth/door-refusals';
import { RateLimitedError } from '../throttling/rate-limited.error';
import type { InboxItem } from './delivery.view';
import { InboxNotifier } from './inbox-notifier';
import { type EventSink, InboxStream, InboxStreamService } from './inbox-stream.service';
import type { StreamPrincipalWatch } from './stream-principal-watch';
import { StreamSlots } from './stream-slots';

const logger = pino({ level: 'silent' });
const SLOW = { pollMs: 60_000, heartbeatMs: 60_000 };

/** An inbox in memory, read like `DeliveriesRepository.inbox`. */
class FakeInbox {
  items: InboxItem[] = [];
  reads = 0;
  failNext = false;

  add(...cursors: number[]): void {
    for (const cursor of cursors) this.items.push({ cursor: String(cursor) } as InboxItem);
  }

  read = async (after: string | undefined, limit: number): Promise<InboxItem[]> => {
    this.reads++;
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('database went away');
    }
    return this.items.filter((i) => after === undefined || Number(i.cursor) > Number(after)).slice(0, limit);
  };
}

/** Collects what a stream writes and parses the SSE frames back. */
class FakeSink extends EventEmitter implements EventSink {
  chunks: string[] = [];
  ended = false;
  full = false;

  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return !this.full;
  }

  end(): void {
    this.ended = true;
  }

  get ids(): string[] {
    return this.chunks
      .join('')
      .split('\n\n')
      .flatMap((frame) => {
        const id = /^id: (.*)$/m.exec(frame)?.[1];
        return id === undefined ? [] : [id];
      });
  }
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe(InboxStream.name, () => {
  let inbox: FakeInbox;
  let sink: FakeSink;
  let notifier: InboxNotifier;
  let stream: InboxStream;

  const start = (after?: string, timing = SLOW) => {
    stream = new InboxStream(inbox.read, sink, after, logger);
    stream.start((listener) => notifier.watch('KZ-PCU-AKTAU', listener), timing);
  };

  beforeEach(() => {
    inbox = new FakeInbox();
    sink = new FakeSink();
    notifier = new InboxNotifier();
  });

  afterEach(() => stream?.close());

  it('writes each item as an SSE frame: id = cursor, event delivery, data = the item as JSON', async () => {
    inbox.items.push({ cursor: '7', state: 'DELIVERED', reasons: ['filter:0'] } as unknown as InboxItem);
    start();
    await settle();
    expect(sink.chunks).toEqual([
      'retry: 2000\n: connected\n\n',
      'id: 7\nevent: delivery\ndata: {"cursor":"7","state":"DELIVERED","reasons":["filter:0"]}\n\n',
    ]);
  });

  it('replays only what is after the resume cursor', async () => {
    inbox.add(1, 2, 3, 4);
    start('2');
    await settle();
    expect(sink.ids).toEqual(['3', '4']);
  });

  it('replays a backlog longer than one read, in order', async () => {
    inbox.add(...Array.from({ length: 450 }, (_, i) => i + 1));
    start();
    await settle();
    expect(sink.ids).toEqual(Array.from({ length: 450 }, (_, i) => String(i + 1)));
  });

  it('sends what arrives after a notification, each item once however many notifications', async () => {
    inbox.add(1);
    start();
    await settle();
    inbox.add(2, 3);
    for (let i = 0; i < 5; i++) notifier.changed('KZ-PCU-AKTAU');
    await settle();
    inbox.add(4);
    notifier.changed('KZ-PCU-AKTAU');
    notifier.changed('UZ-HQ-TASHKENT');
    await settle();
    expect(sink.ids).toEqual(['1', '2', '3', '4']);
  });

  it('reads again when notified during a read, so nothing stored meanwhile is left unsent', async () => {
    start();
    inbox.add(1); // stored while the first read is under way
    notifier.changed('KZ-PCU-AKTAU');
    await settle();
    expect(sink.ids).toEqual(['1']);
  });

  it('finds deliveries stored by another gateway by polling, without a notification', async () => {
    start(undefined, { pollMs: 20, heartbeatMs: 60_000 });
    await settle();
    inbox.add(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sink.ids).toEqual(['1']);
  });

  it('sends a heartbeat comment on its interval', async () => {
    start(undefined, { pollMs: 60_000, heartbeatMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 70));
    expect(sink.chunks.filter((c) => c === ': heartbeat\n\n').length).toBeGreaterThanOrEqual(2);
  });

  it('waits for drain when the client reads slowly, then goes on', async () => {
    inbox.add(1, 2);
    sink.full = true;
    start();
    await settle();
    expect(sink.ids).toEqual(['1']);
    sink.full = false;
    sink.emit('drain');
    await settle();
    expect(sink.ids).toEqual(['1', '2']);
  });

  it('survives a failed read: the next wake-up sends what it missed', async () => {
    inbox.add(1);
    inbox.failNext = true;
    start();
    await settle();
    expect(sink.ids).toEqual([]);
    notifier.changed('KZ-PCU-AKTAU');
    await settle();
    expect(sink.ids).toEqual(['1']);
  });

  it('ends with the reason as a closed event, and sends nothing after it', async () => {
    inbox.add(1);
    start();
    await settle();
    stream.end({ code: 'UNAUTHORIZED', status: 401, message: 'the token is unknown or revoked' });
    inbox.add(2);
    notifier.changed('KZ-PCU-AKTAU');
    stream.end({ code: 'FORBIDDEN', status: 403, message: 'again' });
    await settle();
    expect(sink.ids).toEqual(['1']);
    expect(sink.chunks.at(-1)).toBe(
      'event: closed\ndata: {"code":"UNAUTHORIZED","status":401,"message":"the token is unknown or revoked"}\n\n',
    );
    expect(sink.ended).toBe(true);
    expect(stream.isClosed).toBe(true);
  });

  it('stops reading and listening when the client goes', async () => {
    start(undefined, { pollMs: 10, heartbeatMs: 10 });
    await settle();
    sink.emit('close');
    const reads = inbox.reads;
    const chunks = sink.chunks.length;
    inbox.add(1);
    notifier.changed('KZ-PCU-AKTAU');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stream.isClosed).toBe(true);
    expect(inbox.reads).toBe(reads);
    expect(sink.chunks).toHaveLength(chunks);
  });
});

/** An HTTP response as `open` uses it: a sink with a status line and headers. */
class FakeResponse extends FakeSink {
  status = 0;
  flushed = false;
  headers: Record<string, string> = {};
  writeHead(status: number, headers: Record<string, string>): this {
    this.status = status;
    Object.assign(this.headers, headers);
    return this;
  }
  setHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }
  flushHeaders(): void {
    this.flushed = true;
  }
}

describe(InboxStreamService.name, () => {
  const watched: unknown[] = [];
  const principals = {
    watch: (stream: unknown) => {
      watched.push(stream);
      return () => watched.splice(watched.indexOf(stream), 1);
    },
  } as unknown as StreamPrincipalWatch;
  const refusals = new DoorRefusals([], logger);
  const service = (streamsPerNode = 5) =>
    new InboxStreamService(
      { inbox: async () => [] } as never,
      new InboxNotifier(),
      new StreamSlots(streamsPerNode),
      principals,
      refusals,
      logger,
    );
  const holder = (nodeId = 'KZ-PCU-AKTAU') => ({ digest: Buffer.alloc(32), nodeId, tokenId: `t-${nodeId}` });
  const open = (inboxService: InboxStreamService, nodeId?: string) => {
    const response = new FakeResponse();
    try {
      inboxService.open(holder(nodeId), undefined, undefined, response as never);
    } catch (error) {
      return { response, error };
    }
    return { response, error: undefined };
  };

  beforeEach(() => watched.splice(0));

  it.each<[string | undefined, string | undefined, string | undefined]>([
    [undefined, undefined, undefined],
    [undefined, '', undefined],
    [undefined, '41', '41'],
    ['57', undefined, '57'],
    ['57', '41', '57'],
  ])('resumes after Last-Event-ID %p and after %p at %p', (lastEventId, after, expected) => {
    expect(service().resumePoint(lastEventId, after)).toBe(expected);
  });

  it.each<[string | undefined, string | undefined, string]>([
    ['abc', undefined, 'Last-Event-ID'],
    ['abc', '41', 'Last-Event-ID'],
    [undefined, '-1', 'after'],
    [undefined, '1'.repeat(19), 'after'],
  ])('refuses Last-Event-ID %p with after %p, naming %s', (lastEventId, after, field) => {
    let refusal: unknown;
    try {
      service().resumePoint(lastEventId, after);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(InvalidInputError);
    expect((refusal as InvalidInputError).fields).toEqual([{ field, messages: ['not a cursor'] }]);
  });

  it("refuses a node's stream over its cap with 429 and Retry-After, before any event, and frees a place on close", () => {
    const inboxService = service(2);
    const first = open(inboxService);
    const second = open(inboxService);
    expect([first.response.status, second.response.status]).toEqual([200, 200]);
    expect(first.response.flushed).toBe(true);
    const third = open(inboxService);
    expect(third.error).toBeInstanceOf(RateLimitedError);
    expect(third.response.status).toBe(0);
    expect(third.response.chunks).toEqual([]);
    expect(Number(third.response.headers['retry-after'])).toBeGreaterThan(0);
    expect(open(inboxService, 'AZ-PCU-BAKU').response.status).toBe(200);
    first.response.emit('close');
    expect(open(inboxService).response.status).toBe(200);
    expect(open(inboxService).error).toBeInstanceOf(RateLimitedError);
    inboxService.onModuleDestroy();
  });

  it('puts every stream it opens under the principal watch until it closes', () => {
    const inboxService = service();
    const { response } = open(inboxService);
    expect(watched).toHaveLength(1);
    response.emit('close');
    expect(watched).toHaveLength(0);
    inboxService.onModuleDestroy();
  });

  it('ends every open stream when the gateway stops', () => {
    const inboxService = service();
    const sinks = [new FakeSink(), new FakeSink()];
    for (const sink of sinks) inboxService.stream('KZ-PCU-AKTAU', undefined, sink);
    inboxService.onModuleDestroy();
    expect(sinks.map((s) => s.ended)).toEqual([true, true]);
  });
});
