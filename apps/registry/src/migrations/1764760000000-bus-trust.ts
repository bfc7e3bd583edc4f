import type { MigrationInterface, QueryRunner } from 'typeorm';
import { busKeysTableSql } from '@iren/messaging';

/**
 * The keys of a closed bus: the registry's own signing key (`bus_keys`), the services' public keys
 * it publishes (`service_keys`), and who holds each node key: a node may now have one active key
 * held by the gateway and one held by its own system.
 */
export class BusTrust1764760000000 implements MigrationInterface {
  name = 'BusTrust1764760000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of busKeysTableSql('registry').up) await q.query(sql);
    await q.query(`CREATE TABLE "registry"."service_keys" (
      "key_id" text PRIMARY KEY,
      "service" text NOT NULL,
      "public_key" text NOT NULL,
      "registered_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "service_keys_service_idx" ON "registry"."service_keys" ("service")`);
    await q.query(
      `ALTER TABLE "registry"."node_keys" ADD COLUMN "holder" text NOT NULL DEFAULT 'gateway'
         CHECK ("holder" IN ('gateway', 'node'))`,
    );
    await q.query(`DROP INDEX "registry"."node_keys_one_active_idx"`);
    await q.query(
      `CREATE UNIQUE INDEX "node_keys_one_active_idx" ON "registry"."node_keys" ("node_id", "holder") WHERE "retired_at" IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "registry"."node_keys_one_active_idx"`);
    await q.query(`DELETE FROM "registry"."node_keys" WHERE "holder" = 'node'`);
    await q.query(
      `CREATE UNIQUE INDEX "node_keys_one_active_idx" ON "registry"."node_keys" ("node_id") WHERE "retired_at" IS NULL`,
    );
    await q.query(`ALTER TABLE "registry"."node_keys" DROP COLUMN "holder"`);
    await q.query(`DROP TABLE "registry"."service_keys"`);
    for (const sql of busKeysTableSql('registry').down) await q.query(sql);
  }
}
