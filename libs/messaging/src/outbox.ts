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
}

/** The migration statements of an outbox table, for an app's migration `up` and `down`. */
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
    for (const m of messages) {
      await manager.query(
        `INSERT INTO ${this.table} (subject, msg_id, payload, correlation_id) VALUES ($1, $2, $3::jsonb, $4)`,
        [m.subject, m.msgId, JSON.stringify(m.payload), m.correlationId ?? null],
      );
    }
  }

  /**
   * Claims up to `limit` unsent rows (locked, skipping rows another relay holds), hands them all to
   * `send` at once, in order, and marks as sent those that `send` accepted, in one transaction. The
   * rows whose send failed stay unsent for the next attempt; the first failure is returned.
   */
  async claimAndSend(
    limit: number,
    send: (row: PendingOutboxRow) => Promise<void>,
  ): Promise<{ sent: number; error?: unknown }> {
    return this.dataSource.transaction(async (manager) => {
      const rows: PendingOutboxRow[] = await manager.query(
        `SELECT id::text AS id, subject, msg_id AS "msgId", payload, correlation_id AS "correlationId"
           FROM ${this.table} WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      // Issued together, the publishes still leave in row order on the one connection; waiting for
      // their acknowledgements together is what makes a batch cost one round trip instead of many.
      const outcomes = await Promise.allSettled(rows.map((row) => send(row)));
      const sent = rows.filter((_, i) => outcomes[i].status === 'fulfilled').map((row) => row.id);
      const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (sent.length > 0) {
        await manager.query(`UPDATE ${this.table} SET sent_at = now() WHERE id = ANY($1::bigint[])`, [sent]);
      }
      return { sent: sent.length, error: failure?.reason };
    });
  }

  async pendingCount(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM ${this.table} WHERE sent_at IS NULL`);
    return row.n;
  }
}
