import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit ledger: one row per exchange event, in append order, each hashed (RFC 6962 leaf) and
 * chained to the one before. Rows hold metadata only, never message content.
 */
export class AuditSchema1764500000000 implements MigrationInterface {
  name = 'AuditSchema1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS "audit"`);
    await q.query(`CREATE TABLE "audit"."ledger" (
      "index" bigint PRIMARY KEY CHECK ("index" >= 0),
      "source_id" text NOT NULL UNIQUE,
      "type" text NOT NULL,
      "at" timestamptz NOT NULL,
      "recorded_at" timestamptz NOT NULL DEFAULT now(),
      "node" text,
      "nodes" text[] NOT NULL DEFAULT '{}',
      "country" char(2),
      "message_id" uuid,
      "kind" text,
      "correlation_id" text,
      "data" jsonb NOT NULL,
      "leaf_hash" char(64) NOT NULL,
      "prev_hash" char(64) NOT NULL,
      "chain_hash" char(64) NOT NULL
    )`);
    // Each filter of the coordinators' query; results are read in index order.
    await q.query(`CREATE INDEX "ledger_node_idx" ON "audit"."ledger" ("node", "index")`);
    await q.query(`CREATE INDEX "ledger_nodes_idx" ON "audit"."ledger" USING gin ("nodes")`);
    await q.query(`CREATE INDEX "ledger_country_idx" ON "audit"."ledger" ("country", "index")`);
    await q.query(`CREATE INDEX "ledger_type_idx" ON "audit"."ledger" ("type", "index")`);
    await q.query(`CREATE INDEX "ledger_kind_idx" ON "audit"."ledger" ("kind", "index")`);
    await q.query(`CREATE INDEX "ledger_message_idx" ON "audit"."ledger" ("message_id")`);
    await q.query(`CREATE INDEX "ledger_at_idx" ON "audit"."ledger" ("at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit"."ledger"`);
    await q.query(`DROP SCHEMA "audit"`);
  }
}
