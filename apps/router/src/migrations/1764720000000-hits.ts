import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Correlation hits: the index of identifiers alerts named, and the HITs made from it, one per node, pair and identifier. */
export class Hits1764720000000 implements MigrationInterface {
  name = 'Hits1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "router"."alert_identifiers" (
      "alert_id" uuid NOT NULL,
      "identifier_type" text NOT NULL,
      "identifier_value" text NOT NULL,
      "origin" text NOT NULL,
      "created_at" timestamptz NOT NULL,
      "title" text,
      PRIMARY KEY ("alert_id", "identifier_type", "identifier_value")
    )`);
    await q.query(
      `CREATE INDEX "alert_identifiers_lookup_idx" ON "router"."alert_identifiers" ("identifier_type", "identifier_value", "created_at")`,
    );
    await q.query(`CREATE TABLE "router"."hits" (
      "alert_a" uuid NOT NULL,
      "alert_b" uuid NOT NULL,
      "identifier_type" text NOT NULL,
      "identifier_value" text NOT NULL,
      "node" text NOT NULL,
      "hit_id" uuid NOT NULL UNIQUE,
      "envelope" jsonb NOT NULL,
      "recorded_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("alert_a", "alert_b", "identifier_type", "identifier_value", "node"),
      CHECK ("alert_a" <> "alert_b")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "router"."hits"`);
    await q.query(`DROP TABLE "router"."alert_identifiers"`);
  }
}
