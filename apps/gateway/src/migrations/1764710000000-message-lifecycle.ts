import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The life of a message after it is sent: withdrawals, amendments, reads, feedback and deadlines.
 * The inbox cursor becomes a change sequence: the row's old `cursor` (its identity) is renamed
 * `id`, and a new `cursor` takes the next value of the same sequence whenever the row changes, so
 * a changed delivery reappears after a reader's cursor. Existing rows keep their cursor values,
 * so cursors clients hold stay valid.
 */
export class MessageLifecycle1764710000000 implements MigrationInterface {
  name = 'MessageLifecycle1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "gateway"."messages"
      ADD COLUMN "refers_to" uuid,
      ADD COLUMN "version" integer NOT NULL DEFAULT 1,
      ADD COLUMN "withdrawn_at" timestamptz,
      ADD COLUMN "withdrawal_reason" text,
      ADD COLUMN "withdrawal_id" uuid`);
    await q.query(`CREATE INDEX "messages_refers_to_idx" ON "gateway"."messages" ("refers_to", "version")`);

    await q.query(`DROP INDEX "gateway"."deliveries_inbox_idx"`);
    await q.query(`ALTER TABLE "gateway"."deliveries" RENAME COLUMN "cursor" TO "id"`);
    await q.query(`ALTER TABLE "gateway"."deliveries"
      ADD COLUMN "cursor" bigint,
      ADD COLUMN "version" integer NOT NULL DEFAULT 1,
      ADD COLUMN "history" jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN "amendment" jsonb,
      ADD COLUMN "withdrawn_at" timestamptz,
      ADD COLUMN "withdrawal_reason" text,
      ADD COLUMN "withdrawal_id" uuid,
      ADD COLUMN "read_at" timestamptz,
      ADD COLUMN "feedback" jsonb,
      ADD COLUMN "feedback_delivered_at" timestamptz,
      ADD COLUMN "feedback_due_at" timestamptz,
      ADD COLUMN "feedback_overdue_at" timestamptz,
      ADD COLUMN "updated_at" timestamptz`);
    await q.query(`UPDATE "gateway"."deliveries" SET "cursor" = "id", "updated_at" = "delivered_at"`);
    await q.query(`UPDATE "gateway"."deliveries" SET "feedback_due_at" = ("envelope"->'body'->>'feedbackDueBy')::timestamptz
      WHERE "envelope"->>'kind' = 'ALERT' AND "envelope"->'body' ? 'feedbackDueBy'`);
    await q.query(`ALTER TABLE "gateway"."deliveries" ALTER COLUMN "cursor" SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "deliveries_inbox_idx" ON "gateway"."deliveries" ("node", "cursor")`);
    // The deadline scanner's work list: due, not answered, not yet reminded, not withdrawn.
    await q.query(`CREATE INDEX "deliveries_feedback_due_idx" ON "gateway"."deliveries" ("feedback_due_at")
      WHERE "feedback_due_at" IS NOT NULL AND "feedback" IS NULL
        AND "feedback_overdue_at" IS NULL AND "withdrawn_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "gateway"."deliveries_feedback_due_idx"`);
    await q.query(`DROP INDEX "gateway"."deliveries_inbox_idx"`);
    await q.query(`ALTER TABLE "gateway"."deliveries"
      DROP COLUMN "cursor", DROP COLUMN "version", DROP COLUMN "history", DROP COLUMN "amendment",
      DROP COLUMN "withdrawn_at",
      DROP COLUMN "withdrawal_reason", DROP COLUMN "withdrawal_id", DROP COLUMN "read_at", DROP COLUMN "feedback",
      DROP COLUMN "feedback_delivered_at", DROP COLUMN "feedback_due_at", DROP COLUMN "feedback_overdue_at",
      DROP COLUMN "updated_at"`);
    await q.query(`ALTER TABLE "gateway"."deliveries" RENAME COLUMN "id" TO "cursor"`);
    await q.query(`CREATE INDEX "deliveries_inbox_idx" ON "gateway"."deliveries" ("node", "cursor")`);
    await q.query(`DROP INDEX "gateway"."messages_refers_to_idx"`);
    await q.query(`ALTER TABLE "gateway"."messages"
      DROP COLUMN "refers_to", DROP COLUMN "version", DROP COLUMN "withdrawn_at",
      DROP COLUMN "withdrawal_reason", DROP COLUMN "withdrawal_id"`);
  }
}
