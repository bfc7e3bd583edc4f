import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each attempt of the admin to put a dead letter back (`POST /dlq/{id}/replay`): which letter (its
 * DLQ sequence), when, and how it ended, shown beside the letter in `GET /dlq`.
 */
export class DeadLetterReplays1764800000000 implements MigrationInterface {
  name = 'DeadLetterReplays1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "gateway"."dead_letter_replays" (
      "id" bigserial PRIMARY KEY,
      "dlq_id" bigint NOT NULL,
      "at" timestamptz NOT NULL DEFAULT clock_timestamp(),
      "outcome" text NOT NULL CHECK ("outcome" IN
        ('processed', 'still_refused', 'unavailable', 'not_found', 'not_replayable', 'failed')),
      "detail" text
    )`);
    await q.query(`CREATE INDEX "dead_letter_replays_dlq_idx" ON "gateway"."dead_letter_replays" ("dlq_id", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway"."dead_letter_replays"`);
  }
}
