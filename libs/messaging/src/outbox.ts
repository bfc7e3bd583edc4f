import { Column, CreateDateColumn, PrimaryGeneratedColumn, type DataSource, type EntityManager } from 'typeorm';

/**
 * Columns of an app's outbox table. Each app declares its own entity over this base in its own
 * schema (`@Entity({ schema: 'gateway', name: 'outbox' })`) and creates it with `outboxTableSql`.
 */
export abstract class OutboxRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ name: 'msg_id', type: 'text' })
  msgId: string;

  @Column({ type: 'jsonb' })
  payload: unknown;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** Where JetStream said it stored the row's message. */
  @Column({ name: 'stream_seq', type: 'bigint', nullable: true })
  streamSeq: string | null;

  /** When the reconciler found the message still stored there, long enough after sending to be on disk. */
  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;
}

/**
 * The migration statements of an outbox table, for an app's migration `up` and `down` (as first
 * made: `outboxVerificationSql` adds the reconciler's columns).
 */
export function outboxTableSql(schema: string): { up: string[]; down: string[] } {
  return {
    up: [
      `CREATE TABLE "${schema}"."outbox" (
        "id" bigserial PRIMARY KEY,
        "subject" text NOT NULL,
        "msg_id" text NOT NULL,
        "payload" jsonb NOT NULL,
        "correlation_id" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz
      )`,
      `CREATE INDEX "outbox_unsent_idx" ON "${schema}"."outbox" ("id") WHERE "sent_at" IS NULL`,
    ],
    down: [`DROP TABLE "${schema}"."outbox"`],
  };
}

/**
 * The columns the reconciler works with, for an outbox made before it: rows sent before then
 * cannot be checked (where they were stored was not kept) and count as verified.
 */
export function outboxVerificationSql(schema: string): { up: string[]; down: string[] } {
  const table = `"${schema}"."outbox"`;
  return {
    up: [
      `ALTER TABLE ${table} ADD COLUMN "stream_seq" bigint, ADD COLUMN "verified_at" timestamptz`,
      `UPDATE ${table} SET "verified_at" = "sent_at" WHERE "sent_at" IS NOT NULL`,
      `CREATE INDEX "outbox_unverified_idx" ON ${table} ("id") WHERE "sent_at" IS NOT NULL AND "verified_at" IS NULL`,
    ],
    down: [
      `DROP INDEX "${schema}"."outbox_unverified_idx"`,
      `ALTER TABLE ${table} DROP COLUMN "verified_at", DROP COLUMN "stream_seq"`,
    ],
  };
}

export interface OutboxMessage {
  subject: string;
  msgId: string;
  payload: unknown;
  correlationId?: string | null;
}

export interface PendingOutboxRow {
  id: string;
  subject: string;
  msgId: string;
  payload: unknown;
  correlationId: string | null;
}

/** A sent row the reconciler has not yet found on disk. */
export interface UnverifiedOutboxRow extends PendingOutboxRow {
  streamSeq: number | null;
  sentAt: Date;
}

/** Data access of one outbox table. */
export class OutboxRepository {
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.table = `"${schema}"."outbox"`;
  }

  /** Adds rows inside the caller's transaction, so they commit or vanish with its own writes. */
  async add(manager: EntityManager, messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    // One statement for all, in the order given (ids follow it, and the relay sends in id order).
    await manager.query(
      `INSERT INTO ${this.table} (subject, msg_id, payload, correlation_id)
       SELECT subject, msg_id, payload::jsonb, correlation_id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS m(subject, msg_id, payload, correlation_id, i)
        ORDER BY i`,
      [
        messages.map((m) => m.subject),
        messages.map((m) => m.msgId),
        messages.map((m) => JSON.stringify(m.payload)),
        messages.map((m) => m.correlationId ?? null),
      ],
    );
  }

  /**
   * Claims up to `limit` unsent rows (locked, skipping rows another relay holds), hands them all to
   * `send` at once, in order (it answers a promise of the stream sequence per row), and marks as
   * sent those whose send succeeded, with that sequence, in one transaction. The rows whose send
   * failed stay unsent for the next attempt; the first failure is returned.
   */
  async claimAndSend(
    limit: number,
    send: (rows: PendingOutboxRow[]) => Promise<number>[],
  ): Promise<{ sent: number; error?: unknown }> {
    return this.dataSource.transaction(async (manager) => {
      const rows: PendingOutboxRow[] = await manager.query(
        // Ordered by the column, not by the text it is selected as ("10" sorts before "9").
        `SELECT o.id::text AS id, subject, msg_id AS "msgId", payload, correlation_id AS "correlationId"
           FROM ${this.table} o WHERE sent_at IS NULL ORDER BY o.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      // Issued together, the publishes still leave in row order on the one connection; waiting for
      // their acknowledgements together is what makes a batch cost one round trip instead of many.
      const outcomes = await Promise.allSettled(rows.length > 0 ? send(rows) : []);
      const sent = rows.flatMap((row, i) => {
        const outcome = outcomes[i];
        return outcome.status === 'fulfilled' ? [{ id: row.id, seq: outcome.value }] : [];
      });
      const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (sent.length > 0) {
        await manager.query(
          `UPDATE ${this.table} AS o SET sent_at = now(), stream_seq = s.seq
             FROM unnest($1::bigint[], $2::bigint[]) AS s(id, seq) WHERE o.id = s.id`,
          [sent.map((r) => r.id), sent.map((r) => r.seq)],
        );
      }
      return { sent: sent.length, error: failure?.reason };
    });
  }

  /** Sent rows not verified yet, after `afterId`, oldest first. */
  /** Sent rows not verified yet, sent at or before `sentBy`, by id after `afterId`. */
  async unverified(afterId: string, limit: number, sentBy = new Date()): Promise<UnverifiedOutboxRow[]> {
    const rows: (UnverifiedOutboxRow & { streamSeq: string | null })[] = await this.dataSource.query(
      `SELECT o.id::text AS id, subject, msg_id AS "msgId", payload, correlation_id AS "correlationId",
              stream_seq::text AS "streamSeq", sent_at AS "sentAt"
         FROM ${this.table} o
        WHERE sent_at IS NOT NULL AND verified_at IS NULL AND o.id > $1 AND sent_at <= $3
        ORDER BY o.id LIMIT $2`,
      [afterId, limit, sentBy],
    );
    return rows.map((row) => ({ ...row, streamSeq: row.streamSeq === null ? null : Number(row.streamSeq) }));
  }

  async markVerified(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(`UPDATE ${this.table} SET verified_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** The row's message was published again, under `msgId`, and stored at `seq`: to be verified again, later. */
  async markResent(manager: EntityManager, id: string, seq: number, msgId: string): Promise<void> {
    await manager.query(`UPDATE ${this.table} SET sent_at = now(), stream_seq = $2, msg_id = $3 WHERE id = $1`, [
      id,
      seq,
      msgId,
    ]);
  }

  async pendingCount(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM ${this.table} WHERE sent_at IS NULL`);
    return row.n;
  }
}
