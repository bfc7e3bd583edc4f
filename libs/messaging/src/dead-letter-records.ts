import type { JsMsg, StoredMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { DEAD_LETTER_HEADERS as DLQ, HEADERS, MAX_DELIVERIES_ADVISORY_PREFIX } from '@iren/contracts';
import { headerOf } from './trust/received-message';
import type { ConsumedMessage } from './worker';

/**
 * One record of the DLQ stream as the admin sees it: where it came from, which consumer gave up on
 * it and why, never its content. Read from the record's headers (or, for the server's advisory,
 * its subject and JSON), each value only when it is what it should be.
 */
export interface DeadLetter {
  /** Its sequence number in the DLQ stream, in decimal: the id to replay it by, and the listing's cursor. */
  id: string;
  /** A consumer's dead letter, or the server's advisory that a message reached its delivery limit. */
  kind: 'dead_letter' | 'max_deliveries';
  reason: string;
  /** The error the handler gave (dead letters only). */
  error?: string;
  /** The subject the message had (dead letters only). */
  subject?: string;
  /** Where the message came from, and its sequence number there. */
  stream: string | null;
  seq: number | null;
  /** The durable consumer that gave up on it; null on a dead letter written before consumers were recorded. */
  consumer: string | null;
  /** When the source stream stored the message (dead letters only). */
  storedAt?: string;
  deadLetteredAt: string;
  correlationId?: string;
  /** How many times the server delivered it (advisories only). */
  deliveries?: number;
}

/** A record of the DLQ stream, or of a source stream, as `STREAM.MSG.GET` answers it. */
export type StoredRecord = Pick<StoredMsg, 'seq' | 'subject' | 'data' | 'header' | 'time'>;

const MAX_ERROR_LENGTH = 1000;
/** Headers of the dead letter itself, not of the message it carries: the worker's, and the DLQ stream's dedupe id. */
const LETTER_HEADER = /^(iren-dlq-|nats-)/i;
/** How far apart two readings of one stored time may be (the server's nanoseconds, rounded two ways). */
const SAME_TIME_MS = 1000;

/** Tells a dead letter from the server's max-deliveries advisory, and reads what it says. */
export function deadLetterOf(record: StoredRecord): DeadLetter {
  if (record.subject.startsWith(`${MAX_DELIVERIES_ADVISORY_PREFIX}.`)) return advisoryOf(record);
  const header = headerReader(record);
  const error = header(DLQ.error);
  return withoutUndefined({
    id: String(record.seq),
    kind: 'dead_letter',
    reason: header(DLQ.reason) ?? record.subject.split('.').at(-1) ?? '',
    error: error?.slice(0, MAX_ERROR_LENGTH),
    subject: header(DLQ.subject),
    stream: header(DLQ.stream) ?? null,
    seq: sequenceOf(header(DLQ.seq)) ?? null,
    consumer: header(DLQ.consumer) ?? null,
    storedAt: isoTimeOf(header(DLQ.storedAt)),
    deadLetteredAt: isoTimeOf(header(DLQ.deadLetteredAt)) ?? record.time.toISOString(),
    correlationId: header(HEADERS.correlationId),
  });
}

/** `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.<stream>.<consumer>`: the subject names both; the JSON the rest. */
function advisoryOf(record: StoredRecord): DeadLetter {
  const [stream, consumer] = record.subject.slice(MAX_DELIVERIES_ADVISORY_PREFIX.length + 1).split('.');
  const advisory = jsonObjectOf(record.data);
  return withoutUndefined({
    id: String(record.seq),
    kind: 'max_deliveries',
    reason: 'max_deliveries',
    stream: stream || stringOf(advisory.stream) || null,
    seq: sequenceOf(advisory.stream_seq) ?? null,
    consumer: consumer || stringOf(advisory.consumer) || null,
    deadLetteredAt: isoTimeOf(advisory.timestamp) ?? record.time.toISOString(),
    deliveries: sequenceOf(advisory.deliveries),
  });
}

/**
 * The message as the consumer first saw it, from the copy a dead letter carries: its subject,
 * sequence and stream time from the worker's headers, its data, and every header it had (the
 * worker kept all but `Nats-*`). Undefined for an advisory, or a letter that lacks one of these.
 */
export function copiedMessage(record: StoredRecord, letter: DeadLetter): ConsumedMessage | undefined {
  if (letter.kind !== 'dead_letter' || !letter.subject || letter.seq === null || !letter.storedAt) return undefined;
  return {
    subject: letter.subject,
    data: record.data,
    headers: originalHeaders(record),
    seq: letter.seq,
    time: new Date(letter.storedAt),
  };
}

/** A message read from its own stream, as a consumer receives it (headers read when first asked for, as nats.js does). */
export function storedMessage(stored: StoredRecord): ConsumedMessage {
  return {
    subject: stored.subject,
    data: stored.data,
    seq: stored.seq,
    time: stored.time,
    get headers() {
      return stored.header;
    },
  };
}

/**
 * Whether the message found in the source stream at the letter's sequence is the one the letter is
 * about, not another stored there after the stream was made anew: the same subject and stream time
 * for a dead letter; for an advisory, stored before the server gave up on it.
 */
export function isTheMessageOf(letter: DeadLetter, stored: StoredRecord): boolean {
  if (letter.kind === 'max_deliveries') {
    return stored.time.getTime() <= Date.parse(letter.deadLetteredAt) + SAME_TIME_MS;
  }
  if (stored.subject !== letter.subject || !letter.storedAt) return false;
  return Math.abs(stored.time.getTime() - Date.parse(letter.storedAt)) < SAME_TIME_MS;
}

function originalHeaders(record: StoredRecord): MsgHdrs | undefined {
  try {
    const original = natsHeaders();
    let any = false;
    for (const [name, values] of record.header) {
      if (LETTER_HEADER.test(name)) continue;
      for (const value of values) original.append(name, value);
      any = true;
    }
    // The id the publisher signed, which the dead letter could not carry under its own name.
    const msgId = record.header.get(DLQ.msgId);
    if (msgId) original.set(HEADERS.msgId, msgId);
    return any || msgId ? original : undefined;
  } catch {
    // A header block nats.js cannot read carried nothing the consumer could have believed.
    return undefined;
  }
}

/** A header of the record, or undefined when absent, empty or unreadable. */
function headerReader(record: StoredRecord): (name: string) => string | undefined {
  let block: MsgHdrs | undefined;
  try {
    block = record.header;
  } catch {
    block = undefined;
  }
  return (name) => {
    try {
      return block?.get(name) || undefined;
    } catch {
      return undefined;
    }
  };
}

function jsonObjectOf(data: Uint8Array): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(data).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A positive whole number, from a number or its decimal text. */
function sequenceOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function isoTimeOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * What a consumer's dead letter carries: every header the message had (the evidence; NATS's own
 * left out), and why and where it is here, as `deadLetterOf` reads it back.
 */
export function deadLetterHeaders(msg: JsMsg, consumer: string, reason: string, message: string): MsgHdrs {
  const h = natsHeaders();
  for (const [name, values] of readableHeaders(msg)) {
    if (name.startsWith('Nats-')) continue;
    for (const value of values) h.append(name, value);
  }
  h.set(DLQ.reason, reason);
  h.set(DLQ.error, message.slice(0, 1000));
  h.set(DLQ.subject, msg.subject);
  h.set(DLQ.stream, msg.info.stream);
  h.set(DLQ.seq, String(msg.seq));
  h.set(DLQ.consumer, consumer);
  const msgId = headerOf(msg, HEADERS.msgId);
  if (msgId) h.set(DLQ.msgId, msgId);
  h.set(DLQ.storedAt, msg.time.toISOString());
  h.set(DLQ.deadLetteredAt, new Date().toISOString());
  return h;
}

/** The message's headers, or none when nats.js cannot decode its header block (see `headerOf`). */
function readableHeaders(msg: JsMsg): [string, string[]][] {
  try {
    return [...(msg.headers ?? [])];
  } catch {
    return [];
  }
}
