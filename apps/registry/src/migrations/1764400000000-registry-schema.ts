import type { MigrationInterface, QueryRunner } from 'typeorm';
import { listCountries } from '@iren/contracts';
import { outboxTableSql } from '@iren/messaging';

/** The registry's schema: countries (from the shipped ISO 3166 list), nodes, subscriptions, tokens, outbox. */
export class RegistrySchema1764400000000 implements MigrationInterface {
  name = 'RegistrySchema1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS "registry"`);
    await q.query(`CREATE TABLE "registry"."countries" ("code" char(2) PRIMARY KEY, "name" text NOT NULL)`);
    const countries = listCountries();
    await q.query(`INSERT INTO "registry"."countries" ("code", "name") SELECT * FROM unnest($1::text[], $2::text[])`, [
      countries.map((c) => c.code),
      countries.map((c) => c.name),
    ]);
    await q.query(`CREATE TABLE "registry"."nodes" (
      "id" text PRIMARY KEY,
      "type" text NOT NULL CHECK ("type" IN ('HQ', 'PCU', 'ACCU', 'COORD')),
      "country" char(2) NOT NULL REFERENCES "registry"."countries" ("code"),
      "name" text NOT NULL,
      "locodes" text[] NOT NULL DEFAULT '{}',
      "contact" jsonb NOT NULL DEFAULT '{}',
      "status" text NOT NULL CHECK ("status" IN ('ACTIVE', 'SUSPENDED')),
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "nodes_country_idx" ON "registry"."nodes" ("country")`);
    await q.query(`CREATE TABLE "registry"."subscriptions" (
      "node_id" text PRIMARY KEY REFERENCES "registry"."nodes" ("id"),
      "filters" jsonb NOT NULL,
      "version" int NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "registry"."tokens" (
      "id" uuid PRIMARY KEY,
      "node_id" text NOT NULL REFERENCES "registry"."nodes" ("id"),
      "hash" char(64) NOT NULL UNIQUE,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "revoked_at" timestamptz
    )`);
    await q.query(`CREATE INDEX "tokens_node_idx" ON "registry"."tokens" ("node_id")`);
    for (const statement of outboxTableSql('registry').up) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of outboxTableSql('registry').down) await q.query(statement);
    await q.query(`DROP TABLE "registry"."tokens"`);
    await q.query(`DROP TABLE "registry"."subscriptions"`);
    await q.query(`DROP TABLE "registry"."nodes"`);
    await q.query(`DROP TABLE "registry"."countries"`);
    await q.query(`DROP SCHEMA "registry"`);
  }
}
