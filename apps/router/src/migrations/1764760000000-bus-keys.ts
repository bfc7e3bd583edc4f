import type { MigrationInterface, QueryRunner } from 'typeorm';
import { busKeysTableSql } from '@iren/messaging';

/** The router's keys for the bus: the registry's key it pinned, and its own signing key. */
export class BusKeys1764760000000 implements MigrationInterface {
  name = 'BusKeys1764760000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of busKeysTableSql('router').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of busKeysTableSql('router').down) await q.query(sql);
  }
}
