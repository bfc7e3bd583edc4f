import { headers as natsHeaders } from '@nats-io/transport-node';
import pino from 'pino';
import { DEAD_LETTER_HEADERS as DLQ, ExchangeNames } from '@iren/contracts';
import { DomainError, NotFoundError, UnavailableError } from '@iren/platform';
import { NotReplayableError, replayFailure, replayOutcomeOf, StillRefusedError } from './dead-letter-outcomes';
import type { DeadLetterQueue } from './dead-letter-queue';
import { deadLetterOf, type StoredRecord } from './dead-letter-records';
import { DeadLetterReplay } from './dead-letter-replay';
import type { DurableConsumers } from './durable-consumers';
import { PermanentError, TransientError } from './handler-errors';
import type { ConsumedMessage, JetStreamWorker } from './worker';

const names = new ExchangeNames('iren');
const STORED_AT = '2026-11-30T08:00:00.000Z';

function letter(seq: number, own: Record<string, string>): StoredRecord {
  const h = natsHeaders();
  h.set('Iren-Correlation-Id', 'corr-1');
  for (const [name, value] of Object.entries(own)) h.set(name, value);
  return {
    seq,
    subject: 'iren.dlq.origin_not_active',
    data: new TextEncoder().encode('copy'),
    header: h,
    time: new Date(),
  };
}

const fromRouter = (overrides: Record<string, string> = {}) => ({
  [DLQ.reason]: 'origin_not_active',
  [DLQ.error]: 'origin KZ-PCU-AKTAU is SUSPENDED',
  [DLQ.subject]: 'iren.pub.KZ.KZ-PCU-AKTAU.ALERT',
  [DLQ.stream]: 'iren_EXCHANGE',
  [DLQ.seq]: '42',
  [DLQ.consumer]: 'iren_router',
  [DLQ.storedAt]: STORED_AT,
  [DLQ.deadLetteredAt]: STORED_AT,
  ...overrides,
});

const original: StoredRecord = {
  seq: 42,
  subject: 'iren.pub.KZ.KZ-PCU-AKTAU.ALERT',
  data: new TextEncoder().encode('original'),
  header: natsHeaders(),
  time: new Date(STORED_AT),
};

describe(DeadLetterReplay.name, () => {
  let dlq: Map<number, StoredRecord>;
  let source: Map<string, StoredRecord>;
  let handled: ConsumedMessage[];
  let handler: (msg: ConsumedMessage) => Promise<void>;
  let replay: DeadLetterReplay;

  beforeEach(() => {
    dlq = new Map();
    source = new Map([['iren_EXCHANGE:42', original]]);
    handled = [];
    handler = async () => undefined;
    const queue = {
      read: async (id: string) => {
        const record = dlq.get(Number(id));
        if (!record) throw new NotFoundError(`dead letter ${id}`);
        return { record, letter: deadLetterOf(record) };
      },
      stored: async (stream: string, seq: number) => source.get(`${stream}:${seq}`) ?? null,
    } as unknown as DeadLetterQueue;
    const worker = {
      replay: async (msg: ConsumedMessage) => {
        handled.push(msg);
        await handler(msg);
      },
    } as unknown as JetStreamWorker;
    const consumers = {
      find: (durable: string) => (durable === 'iren_router' ? worker : undefined),
    } as unknown as DurableConsumers;
    replay = new DeadLetterReplay(queue, names, consumers, pino({ level: 'silent' }));
  });

  it('puts the message back through its consumer as first seen, from its own stream while it holds it', async () => {
    dlq.set(5, letter(5, fromRouter()));
    expect(await replay.replay('5')).toEqual({ id: '5', consumer: 'iren_router', outcome: 'processed' });
    expect(handled).toHaveLength(1);
    expect(Buffer.from(handled[0].data).toString()).toBe('original');
    expect(handled[0]).toMatchObject({ subject: original.subject, seq: 42, time: new Date(STORED_AT) });
  });

  it('takes the letter’s copy when the stream no longer holds the message, or holds another at its sequence', async () => {
    dlq.set(5, letter(5, fromRouter()));
    source.clear();
    await replay.replay('5');
    source.set('iren_EXCHANGE:42', { ...original, subject: 'iren.pub.AZ.AZ-PCU-BAKU.ALERT' });
    await replay.replay('5');
    for (const msg of handled) {
      expect(Buffer.from(msg.data).toString()).toBe('copy');
      expect(msg).toMatchObject({ subject: 'iren.pub.KZ.KZ-PCU-AKTAU.ALERT', seq: 42, time: new Date(STORED_AT) });
      expect([...msg.headers!.keys()]).toEqual(['Iren-Correlation-Id']);
    }
  });

  it('answers 409 still refused, with the handler’s reason and message, when the cause is not fixed', async () => {
    dlq.set(5, letter(5, fromRouter()));
    handler = () => Promise.reject(new PermanentError('origin_not_active', 'origin KZ-PCU-AKTAU is SUSPENDED'));
    const refused = await replay.replay('5').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StillRefusedError);
    expect(refused).toMatchObject({
      status: 409,
      code: 'STILL_REFUSED',
      message: 'still refused: origin_not_active: origin KZ-PCU-AKTAU is SUSPENDED',
    });
  });

  it('answers 503 when a dependency of the handler is down', async () => {
    dlq.set(5, letter(5, fromRouter()));
    handler = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    await expect(replay.replay('5')).rejects.toMatchObject({ status: 503, code: 'UNAVAILABLE' });
  });

  it('answers 404 for a letter the DLQ does not hold', async () => {
    await expect(replay.replay('77')).rejects.toMatchObject({ status: 404 });
  });

  it.each([
    [
      'a node’s own consumer',
      fromRouter({ [DLQ.consumer]: 'iren_node_KZ-PCU-AKTAU', [DLQ.stream]: 'iren_INBOX' }),
      /node's own consumer/,
    ],
    [
      'a consumer the network does not have',
      fromRouter({ [DLQ.consumer]: 'iren_elsewhere' }),
      /not a consumer of this network/,
    ],
    [
      'a consumer of another service',
      fromRouter({ [DLQ.consumer]: 'iren_audit_exchange' }),
      /does not run in this service/,
    ],
    [
      'a stream its consumer does not read',
      fromRouter({ [DLQ.stream]: 'iren_INBOX' }),
      /does not name a message of iren_EXCHANGE/,
    ],
  ])('answers 409 not replayable for %s, and runs no handler', async (_what, own, message) => {
    dlq.set(5, letter(5, own));
    const refused = await replay.replay('5').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NotReplayableError);
    expect((refused as Error).message).toMatch(message);
    expect(handled).toEqual([]);
  });

  it('answers 409 not replayable for a letter that names no consumer', async () => {
    const own: Record<string, string> = fromRouter();
    delete own[DLQ.consumer];
    dlq.set(5, letter(5, own));
    await expect(replay.replay('5')).rejects.toMatchObject({ code: 'NOT_REPLAYABLE', message: /names no consumer/ });
  });

  it('answers 409 for an advisory whose message its stream no longer holds: it carries no copy', async () => {
    const advisory = {
      type: 'io.nats.jetstream.advisory.v1.max_deliver',
      stream: 'iren_EXCHANGE',
      consumer: 'iren_router',
      stream_seq: 43,
      deliveries: 20,
      timestamp: STORED_AT,
    };
    dlq.set(6, {
      seq: 6,
      subject: '$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.iren_EXCHANGE.iren_router',
      data: new TextEncoder().encode(JSON.stringify(advisory)),
      header: natsHeaders(),
      time: new Date(),
    });
    await expect(replay.replay('6')).rejects.toMatchObject({ code: 'NOT_REPLAYABLE', message: /carries no copy/ });
    source.set('iren_EXCHANGE:43', { ...original, seq: 43 });
    expect(await replay.replay('6')).toMatchObject({ outcome: 'processed' });
    expect(handled.map((m) => m.seq)).toEqual([43]);
  });
});

describe(replayOutcomeOf.name, () => {
  it.each([
    [new StillRefusedError('bad_signature', 'x'), 'still_refused'],
    [new NotReplayableError('x'), 'not_replayable'],
    [new NotFoundError('dead letter 9'), 'not_found'],
    [new UnavailableError('router service did not answer'), 'unavailable'],
    // As they come back over request/reply: plain domain errors with the same code.
    [new DomainError('STILL_REFUSED', 409, 'still refused: a: b'), 'still_refused'],
    [new DomainError('NOT_REPLAYABLE', 409, 'x'), 'not_replayable'],
    [new DomainError('INTERNAL', 500, 'internal error'), 'failed'],
    [Object.assign(new Error('timeout'), { name: 'TimeoutError' }), 'unavailable'],
    [new Error('a bug'), 'failed'],
  ])('records %s as %s', (error, outcome) => {
    expect(replayOutcomeOf(error)).toBe(outcome);
  });
});

describe(replayFailure.name, () => {
  it('answers a refusal with 409, a transient failure with 503, and anything else as it is', () => {
    expect(replayFailure(new PermanentError('stale', 'too old'), 'iren_router')).toMatchObject({
      status: 409,
      message: 'still refused: stale: too old',
    });
    expect(replayFailure(new TransientError('lock timeout'), 'iren_router')).toMatchObject({ status: 503 });
    const bug = new TypeError('x is undefined');
    expect(replayFailure(bug, 'iren_router')).toBe(bug);
  });
});
