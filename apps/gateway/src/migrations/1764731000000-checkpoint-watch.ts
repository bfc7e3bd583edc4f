import type { MigrationInterface, QueryRunner } from 'typeorm';
import { checkpointWatchTableSql } from '@iren/messaging';

/** The last audit checkpoint the gateway accepted, the pinned audit key, and an open ledger alert. */
export class CheckpointWatch1764731000000 implements MigrationInterface {
  name = 'CheckpointWatch1764731000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of checkpointWatchTableSql('gateway').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of checkpointWatchTableSql('gateway').down) await q.query(sql);
  }
}
