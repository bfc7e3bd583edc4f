import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The ledger's size and its latest signed checkpoint, as operators watch them. */
export interface LedgerStats {
  entries: number;
  /** Absent until the first checkpoint is signed. */
  checkpoint?: { size: number; ageSeconds: number };
}

/** Reads the ledger's head and latest checkpoint in one query, each through its primary key. */
@Injectable()
export class LedgerStatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async stats(): Promise<LedgerStats> {
    const [row] = await this.dataSource.query<{ entries: string; size: string | null; age: number | null }[]>(
      `SELECT coalesce((SELECT max("index") + 1 FROM "audit"."ledger"), 0) AS entries,
              c."size" AS size,
              extract(epoch FROM clock_timestamp() - c."created_at")::float8 AS age
         FROM (SELECT 1) AS one
         LEFT JOIN (SELECT "size", "created_at" FROM "audit"."checkpoints" ORDER BY "size" DESC LIMIT 1) AS c ON true`,
    );
    return {
      entries: Number(row.entries),
      ...(row.size !== null && row.age !== null && { checkpoint: { size: Number(row.size), ageSeconds: row.age } }),
    };
  }
}
