import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The private parts of nodes' Ed25519 signing keys, which the gateway signs with. Kept here as
 * PKCS#8 PEM: a known limit; a production deployment keeps them in an HSM or a KMS and signs there.
 * A row whose key the registry never registered (a crash between the two steps) is never used.
 */
export class NodeSigningKeys1764750000000 implements MigrationInterface {
  name = 'NodeSigningKeys1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "gateway"."node_signing_keys" (
      "key_id" text PRIMARY KEY,
      "node_id" text NOT NULL,
      "public_key" text NOT NULL,
      "private_key" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "node_signing_keys_node_idx" ON "gateway"."node_signing_keys" ("node_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway"."node_signing_keys"`);
  }
}
