import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The router's schema: the recorded routing decision of every message. */
export class RouterSchema1764600000000 implements MigrationInterface {
  name = 'RouterSchema1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS "router"`);
    await q.query(`CREATE TABLE "router"."routed_messages" (
      "message_id" uuid PRIMARY KEY,
      "origin" text NOT NULL,
      "kind" text NOT NULL,
      "tlp" text NOT NULL,
      "recipients" jsonb NOT NULL,
      "correlation_id" text,
      "routed_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "routed_messages_origin_idx" ON "router"."routed_messages" ("origin", "routed_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "router"."routed_messages"`);
    await q.query(`DROP SCHEMA "router"`);
  }
}
