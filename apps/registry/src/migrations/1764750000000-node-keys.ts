import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nodes' Ed25519 public signing keys. At most one key per node is active (`retired_at` null); a
 * retired key stays, since it still verifies the messages created before it was retired.
 */
export class NodeKeys1764750000000 implements MigrationInterface {
  name = 'NodeKeys1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "registry"."node_keys" (
      "key_id" text PRIMARY KEY,
      "node_id" text NOT NULL REFERENCES "registry"."nodes" ("id"),
      "public_key" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "retired_at" timestamptz
    )`);
    await q.query(`CREATE INDEX "node_keys_node_idx" ON "registry"."node_keys" ("node_id")`);
    await q.query(
      `CREATE UNIQUE INDEX "node_keys_one_active_idx" ON "registry"."node_keys" ("node_id") WHERE "retired_at" IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "registry"."node_keys"`);
  }
}
