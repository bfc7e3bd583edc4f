import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The key of the router's hit ids (`HitIds`): one row, its key made by the first router that
 * needs it. Hits made before it keep their notices; their later notices carry the keyed id.
 */
export class HitIdKey1764820000000 implements MigrationInterface {
  name = 'HitIdKey1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "router"."hit_id_key" (
      "one" boolean PRIMARY KEY DEFAULT true CHECK ("one"),
      "key" bytea NOT NULL CHECK (octet_length("key") = 32)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "router"."hit_id_key"`);
  }
}
