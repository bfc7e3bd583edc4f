import { headers as natsHeaders } from '@nats-io/transport-node';
import { DEAD_LETTER_HEADERS as DLQ, HEADERS } from '@iren/contracts';
import { copiedMessage, deadLetterOf, isTheMessageOf, storedMessage, type StoredRecord } from './dead-letter-records';

const STORED_AT = '2026-11-30T08:00:00.123Z';
const DEAD_AT = '2026-11-30T08:00:01.456Z';

/** A dead letter as the worker writes it: the message's data and headers, and the worker's own. */
function letterRecord(overrides: Record<string, string | undefined> = {}, seq = 7): StoredRecord {
  const h = natsHeaders();
  h.set(HEADERS.msgId, 'iren_EXCHANGE:42:iren_router');
  h.set(HEADERS.correlationId, 'corr-1');
  h.set('Iren-Signer', 'gateway#01');
  const own: Record<string, string | undefined> = {
    [DLQ.reason]: 'bad_signature',
    [DLQ.error]: 'key k1 is not a key of the origin',
    [DLQ.subject]: 'iren.pub.KZ.KZ-PCU-AKTAU.ALERT',
    [DLQ.stream]: 'iren_EXCHANGE',
    [DLQ.seq]: '42',
    [DLQ.consumer]: 'iren_router',
    [DLQ.storedAt]: STORED_AT,
    [DLQ.deadLetteredAt]: DEAD_AT,
    ...overrides,
  };
  for (const [name, value] of Object.entries(own)) if (value !== undefined) h.set(name, value);
  return {
    seq,
    subject: 'iren.dlq.bad_signature',
    data: new TextEncoder().encode('{"secret":"content"}'),
    header: h,
    time: new Date(DEAD_AT),
  };
}

function advisoryRecord(
  data: unknown,
  subject = '$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.iren_INBOX.iren_gateway_inbox',
) {
  return {
    seq: 9,
    subject,
    data: new TextEncoder().encode(typeof data === 'string' ? data : JSON.stringify(data)),
    header: natsHeaders(),
    time: new Date('2026-11-30T09:00:00.000Z'),
  };
}

describe(deadLetterOf.name, () => {
  it('reads a dead letter’s metadata from the worker’s headers, and nothing of its content', () => {
    const letter = deadLetterOf(letterRecord());
    expect(letter).toEqual({
      id: '7',
      kind: 'dead_letter',
      reason: 'bad_signature',
      error: 'key k1 is not a key of the origin',
      subject: 'iren.pub.KZ.KZ-PCU-AKTAU.ALERT',
      stream: 'iren_EXCHANGE',
      seq: 42,
      consumer: 'iren_router',
      storedAt: STORED_AT,
      deadLetteredAt: DEAD_AT,
      correlationId: 'corr-1',
    });
    expect(JSON.stringify(letter)).not.toContain('secret');
  });

  it('reads an older dead letter without a consumer, and takes what is missing from the record itself', () => {
    const letter = deadLetterOf(
      letterRecord({ [DLQ.consumer]: undefined, [DLQ.reason]: undefined, [DLQ.deadLetteredAt]: undefined }),
    );
    expect(letter).toMatchObject({ consumer: null, reason: 'bad_signature', deadLetteredAt: DEAD_AT });
  });

  it('keeps out what is not what it should be: a sequence that is no number, a time that is none', () => {
    const letter = deadLetterOf(
      letterRecord({ [DLQ.seq]: '4x2', [DLQ.storedAt]: 'yesterday', [DLQ.error]: 'e'.repeat(5000) }),
    );
    expect(letter.seq).toBeNull();
    expect(letter.storedAt).toBeUndefined();
    expect(letter.error).toHaveLength(1000);
  });

  it('reads the server’s max-deliveries advisory: stream and consumer from its subject, the rest from its JSON', () => {
    const letter = deadLetterOf(
      advisoryRecord({
        type: 'io.nats.jetstream.advisory.v1.max_deliver',
        id: 'a1',
        timestamp: '2026-11-30T08:59:59.5Z',
        stream: 'iren_OTHER',
        consumer: 'someone_else',
        stream_seq: 31,
        deliveries: 20,
      }),
    );
    expect(letter).toEqual({
      id: '9',
      kind: 'max_deliveries',
      reason: 'max_deliveries',
      stream: 'iren_INBOX',
      seq: 31,
      consumer: 'iren_gateway_inbox',
      deadLetteredAt: '2026-11-30T08:59:59.500Z',
      deliveries: 20,
    });
  });

  it('reads an advisory whose JSON cannot be read as far as its subject goes', () => {
    expect(deadLetterOf(advisoryRecord('not json'))).toEqual({
      id: '9',
      kind: 'max_deliveries',
      reason: 'max_deliveries',
      stream: 'iren_INBOX',
      seq: null,
      consumer: 'iren_gateway_inbox',
      deadLetteredAt: '2026-11-30T09:00:00.000Z',
    });
  });

  it('reads a record whose headers nats.js cannot decode as one without headers', () => {
    const record = {
      ...letterRecord(),
      get header(): never {
        throw new Error('malformed header');
      },
    };
    expect(deadLetterOf(record)).toEqual({
      id: '7',
      kind: 'dead_letter',
      reason: 'bad_signature',
      stream: null,
      seq: null,
      consumer: null,
      deadLetteredAt: DEAD_AT,
    });
  });
});

describe(copiedMessage.name, () => {
  it('rebuilds the message from the letter: its subject, sequence, stream time, data and own headers only', () => {
    const record = letterRecord();
    const msg = copiedMessage(record, deadLetterOf(record))!;
    expect(msg).toMatchObject({ subject: 'iren.pub.KZ.KZ-PCU-AKTAU.ALERT', seq: 42, time: new Date(STORED_AT) });
    expect(msg.data).toBe(record.data);
    expect([...msg.headers!.keys()].sort()).toEqual([HEADERS.correlationId, 'Iren-Signer']);
  });

  it('gives the message back the Nats-Msg-Id its publisher signed, which the letter keeps as its own header', () => {
    const record = letterRecord({ [DLQ.msgId]: '6f1c2d3e-0000-4000-8000-000000000001:KZ-PCU-AKTAU' });
    const msg = copiedMessage(record, deadLetterOf(record))!;
    expect(msg.headers!.get(HEADERS.msgId)).toBe('6f1c2d3e-0000-4000-8000-000000000001:KZ-PCU-AKTAU');
    expect([...msg.headers!.keys()].sort()).toEqual([HEADERS.correlationId, 'Iren-Signer', HEADERS.msgId].sort());
  });

  it('has none for an advisory, or a letter without the original’s subject, sequence or time', () => {
    const advisory = advisoryRecord({ stream_seq: 3 });
    expect(copiedMessage(advisory, deadLetterOf(advisory))).toBeUndefined();
    for (const missing of [DLQ.subject, DLQ.seq, DLQ.storedAt]) {
      const record = letterRecord({ [missing]: undefined });
      expect(copiedMessage(record, deadLetterOf(record))).toBeUndefined();
    }
  });
});

describe(isTheMessageOf.name, () => {
  const letter = deadLetterOf(letterRecord());
  const stored = (subject: string, time: string): StoredRecord => ({
    seq: 42,
    subject,
    data: new Uint8Array(),
    header: natsHeaders(),
    time: new Date(time),
  });

  it('knows the original by its subject and stream time, not another message stored at its sequence since', () => {
    expect(isTheMessageOf(letter, stored('iren.pub.KZ.KZ-PCU-AKTAU.ALERT', STORED_AT))).toBe(true);
    expect(isTheMessageOf(letter, stored('iren.pub.AZ.AZ-PCU-BAKU.ALERT', STORED_AT))).toBe(false);
    expect(isTheMessageOf(letter, stored('iren.pub.KZ.KZ-PCU-AKTAU.ALERT', '2026-12-30T08:00:00Z'))).toBe(false);
  });

  it('takes for an advisory’s message one stored before the server gave up on it', () => {
    const advisory = deadLetterOf(advisoryRecord({ stream_seq: 42, timestamp: '2026-11-30T09:00:00Z' }));
    expect(isTheMessageOf(advisory, stored('anything', '2026-11-30T08:00:00Z'))).toBe(true);
    expect(isTheMessageOf(advisory, stored('anything', '2026-11-30T10:00:00Z'))).toBe(false);
  });
});

describe(storedMessage.name, () => {
  it('reads the headers only when the handler asks for them, as nats.js does', () => {
    const record = {
      ...letterRecord(),
      get header(): never {
        throw new Error('malformed header');
      },
    };
    const msg = storedMessage(record);
    expect(msg).toMatchObject({ subject: 'iren.dlq.bad_signature', seq: 7 });
    expect(() => msg.headers).toThrow('malformed header');
  });
});
