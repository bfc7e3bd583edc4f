import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the ledger (one per signed tree size) and the audit service's checkpoint
 * signing key. Checkpoints are append-only like the ledger (the trigger of the migration before).
 * The private key is kept here only when no `IREN_AUDIT_SIGNING_KEY` is configured:
 * fine for development, while production should provide the key from a secret instead.
 */
export class LedgerCheckpoints1764730000001 implements MigrationInterface {
  name = 'LedgerCheckpoints1764730000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "audit"."checkpoints" (
      "size" bigint PRIMARY KEY CHECK ("size" > 0),
      "root_hash" char(64) NOT NULL,
      "timestamp" text NOT NULL,
      "key_id" text NOT NULL,
      "signature" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TRIGGER "checkpoints_no_change" BEFORE UPDATE OR DELETE ON "audit"."checkpoints"
      FOR EACH ROW EXECUTE FUNCTION "audit"."refuse_ledger_change"()`);
    await q.query(`CREATE TRIGGER "checkpoints_no_truncate" BEFORE TRUNCATE ON "audit"."checkpoints"
      FOR EACH STATEMENT EXECUTE FUNCTION "audit"."refuse_ledger_change"()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit"."checkpoints" FROM PUBLIC`);
    await q.query(`CREATE TABLE "audit"."signing_keys" (
      "key_id" text PRIMARY KEY,
      "private_key_pem" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit"."signing_keys"`);
    await q.query(`DROP TABLE "audit"."checkpoints"`);
  }
}
