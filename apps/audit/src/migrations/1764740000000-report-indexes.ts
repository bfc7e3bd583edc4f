import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the coordinators' reports: the window scans by entry type and time, and the lookup
 * of one delivery's read, acknowledgement and feedback entries (a message and its recipient).
 * Indexes change no row, so the append-only ledger allows them.
 */
export class ReportIndexes1764740000000 implements MigrationInterface {
  name = 'ReportIndexes1764740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ledger_type_at_idx" ON "audit"."ledger" ("type", "at")`);
    await q.query(`CREATE INDEX "ledger_message_node_type_idx" ON "audit"."ledger" ("message_id", "node", "type")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "audit"."ledger_message_node_type_idx"`);
    await q.query(`DROP INDEX "audit"."ledger_type_at_idx"`);
  }
}
