import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Makes the ledger append-only in the database itself: UPDATE, DELETE and TRUNCATE of its rows
 * raise an exception, whoever connects (the trigger fires for the table's owner and for the
 * application's role alike), and the privileges to do them are revoked from PUBLIC.
 *
 * This stops the application and anyone using its role. It does not stop a PostgreSQL superuser
 * or the table's owner: they may `ALTER TABLE ... DISABLE TRIGGER` or run with
 * `session_replication_role = replica`. Detecting what such a person changes is the job of the
 * hash chain, the Merkle tree and the signed checkpoints (`POST /audit/verify`).
 */
export class LedgerAppendOnly1764730000000 implements MigrationInterface {
  name = 'LedgerAppendOnly1764730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION "audit"."refuse_ledger_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit.% is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER "ledger_no_change" BEFORE UPDATE OR DELETE ON "audit"."ledger"
      FOR EACH ROW EXECUTE FUNCTION "audit"."refuse_ledger_change"()`);
    await q.query(`CREATE TRIGGER "ledger_no_truncate" BEFORE TRUNCATE ON "audit"."ledger"
      FOR EACH STATEMENT EXECUTE FUNCTION "audit"."refuse_ledger_change"()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit"."ledger" FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "ledger_no_truncate" ON "audit"."ledger"`);
    await q.query(`DROP TRIGGER "ledger_no_change" ON "audit"."ledger"`);
    await q.query(`DROP FUNCTION "audit"."refuse_ledger_change"()`);
    // PUBLIC never held these privileges on a new table, so revoking them needs no undoing.
  }
}
