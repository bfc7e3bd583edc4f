import type { DataSource } from 'typeorm';

/** What waits in an outbox: its unsent rows, and how long the oldest has waited. */
export interface OutboxBacklog {
  unsent: number;
  oldestUnsentSeconds: number;
}

/** Reads an app's outbox backlog (through the `outbox_unsent_idx` partial index: cheap while it is small). */
export class OutboxBacklogRepository {
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.table = `"${schema}"."outbox"`;
  }

  async backlog(): Promise<OutboxBacklog> {
    const [row] = await this.dataSource.query<{ unsent: number; oldest: number }[]>(
      `SELECT count(*)::int AS unsent,
              coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0)::float8 AS oldest
         FROM ${this.table} WHERE sent_at IS NULL`,
    );
    return { unsent: row.unsent, oldestUnsentSeconds: row.oldest };
  }
}
