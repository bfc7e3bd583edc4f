import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTableSql } from '@iren/messaging';

/** The gateway's schema: published messages, per-node deliveries (the inboxes), outbox. */
export class GatewaySchema1764400000000 implements MigrationInterface {
  name = 'GatewaySchema1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS "gateway"`);
    await q.query(`CREATE TABLE "gateway"."messages" (
      "id" uuid PRIMARY KEY,
      "origin" text NOT NULL,
      "kind" text NOT NULL,
      "tlp" text NOT NULL,
      "envelope" jsonb NOT NULL,
      "correlation_id" text,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "messages_origin_idx" ON "gateway"."messages" ("origin", "created_at")`);
    await q.query(`CREATE TABLE "gateway"."deliveries" (
      "cursor" bigserial PRIMARY KEY,
      "message_id" uuid NOT NULL,
      "node" text NOT NULL,
      "origin" text NOT NULL,
      "envelope" jsonb NOT NULL,
      "reasons" text[] NOT NULL DEFAULT '{}',
      "state" text NOT NULL CHECK ("state" IN ('DELIVERED', 'RECEIVED', 'ACTIONED')),
      "delivered_at" timestamptz NOT NULL DEFAULT now(),
      "received_at" timestamptz,
      "actioned_at" timestamptz,
      CONSTRAINT "deliveries_message_node_key" UNIQUE ("message_id", "node")
    )`);
    await q.query(`CREATE INDEX "deliveries_inbox_idx" ON "gateway"."deliveries" ("node", "cursor")`);
    for (const statement of outboxTableSql('gateway').up) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of outboxTableSql('gateway').down) await q.query(statement);
    await q.query(`DROP TABLE "gateway"."deliveries"`);
    await q.query(`DROP TABLE "gateway"."messages"`);
    await q.query(`DROP SCHEMA "gateway"`);
  }
}
