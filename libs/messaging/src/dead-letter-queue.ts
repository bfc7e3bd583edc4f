import { Injectable } from '@nestjs/common';
import type { MsgRequest } from '@nats-io/jetstream';
import { ExchangeNames } from '@iren/contracts';
import { NotFoundError } from '@iren/platform';
import { type DeadLetter, deadLetterOf, type StoredRecord } from './dead-letter-records';
import { NatsClients } from './nats-clients';

/** The DLQ id of a dead letter: its sequence number in the DLQ stream, in decimal. */
export const DEAD_LETTER_ID = /^[1-9]\d{0,15}$/;

/**
 * The DLQ stream, read by sequence number (`$JS.API.STREAM.MSG.GET`, which the catalogue grants
 * the gateway, the router and the audit service), and the source streams of the app's own
 * consumers. Nothing here consumes, acks or deletes.
 */
@Injectable()
export class DeadLetterQueue {
  constructor(
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
  ) {}

  /** The record `id` and what it says; NotFoundError when the DLQ holds none by that id. */
  async read(id: string): Promise<{ record: StoredRecord; letter: DeadLetter }> {
    const record = DEAD_LETTER_ID.test(id)
      ? await this.nats.jsm.streams.getMessage(this.names.stream('DLQ'), { seq: Number(id) })
      : null;
    if (!record) throw new NotFoundError(`dead letter ${id}`);
    return { record, letter: deadLetterOf(record) };
  }

  /** Up to `limit` records after the sequence `after`, oldest first, skipping the gaps left by expired ones. */
  async page(after: number, limit: number): Promise<DeadLetter[]> {
    const letters: DeadLetter[] = [];
    let seq = after + 1;
    while (letters.length < limit) {
      // The first record at or after `seq` (NATS 2.9 and later; nats.js types only the exact forms).
      const next = { seq, next_by_subj: '>' } as unknown as MsgRequest;
      const record = await this.nats.jsm.streams.getMessage(this.names.stream('DLQ'), next);
      if (!record) break;
      letters.push(deadLetterOf(record));
      seq = record.seq + 1;
    }
    return letters;
  }

  /** The message stored in `stream` at `seq`, or null when the stream no longer holds it. */
  stored(stream: string, seq: number): Promise<StoredRecord | null> {
    return this.nats.jsm.streams.getMessage(stream, { seq });
  }
}
