import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * NATS users issued to nodes' own systems: the public key that names each in the account's
 * revocations, when its JWT was issued, and when it was revoked. The credentials file itself is
 * shown once and never kept.
 */
export class NatsCredentials1764770000000 implements MigrationInterface {
  name = 'NatsCredentials1764770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "registry"."nats_credentials" (
      "id" uuid PRIMARY KEY,
      "node_id" text NOT NULL REFERENCES "registry"."nodes" ("id"),
      "user_public_key" text NOT NULL UNIQUE,
      "issued_at" timestamptz NOT NULL,
      "revoked_at" timestamptz
    )`);
    await q.query(`CREATE INDEX "nats_credentials_node_idx" ON "registry"."nats_credentials" ("node_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "registry"."nats_credentials"`);
  }
}
