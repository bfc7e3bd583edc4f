import type { MigrationInterface, QueryRunner } from 'typeorm';
import { busKeysTableSql } from '@iren/messaging';

/** The audit's keys for the bus: the registry's key it pinned. */
export class BusKeys1764760000000 implements MigrationInterface {
  name = 'BusKeys1764760000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of busKeysTableSql('audit').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of busKeysTableSql('audit').down) await q.query(sql);
  }
}
