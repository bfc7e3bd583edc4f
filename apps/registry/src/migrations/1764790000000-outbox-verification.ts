import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxVerificationSql } from '@iren/messaging';

/** Where each outbox row's message was stored, and when the reconciler found it still there (`OutboxReconciler`). */
export class OutboxVerification1764790000000 implements MigrationInterface {
  name = 'OutboxVerification1764790000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of outboxVerificationSql('registry').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxVerificationSql('registry').down) await q.query(sql);
  }
}
