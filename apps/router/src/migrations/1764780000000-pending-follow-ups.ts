import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Follow-ups parked until their original is routed: the envelope as authenticated, found by the original's id. */
export class PendingFollowUps1764780000000 implements MigrationInterface {
  name = 'PendingFollowUps1764780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "router"."pending_follow_ups" (
      "follow_up_id" uuid PRIMARY KEY,
      "refers_to" uuid NOT NULL,
      "envelope" jsonb NOT NULL,
      "correlation_id" text,
      "parked_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "pending_follow_ups_refers_to_idx" ON "router"."pending_follow_ups" ("refers_to")`);
    await q.query(`CREATE INDEX "pending_follow_ups_parked_at_idx" ON "router"."pending_follow_ups" ("parked_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "router"."pending_follow_ups"`);
  }
}
