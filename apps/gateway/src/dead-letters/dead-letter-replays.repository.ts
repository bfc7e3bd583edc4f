import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ReplayOutcome } from '@iren/messaging';

/** One attempt to put a dead letter back, as `GET /dlq` shows it. */
export interface ReplayAttempt {
  at: string;
  outcome: ReplayOutcome;
  detail?: string;
}

@Injectable()
export class DeadLetterReplaysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records one attempt; answers true when it is the first that went through for this letter.
   * Processed attempts are recorded one at a time (a lock that only they take), so of two at once
   * only one is the first.
   */
  async record(manager: EntityManager, dlqId: string, outcome: ReplayOutcome, detail?: string): Promise<boolean> {
    let first = false;
    if (outcome === 'processed') {
      await manager.query(`LOCK TABLE "gateway"."dead_letter_replays" IN SHARE ROW EXCLUSIVE MODE`);
      const [{ n }] = await manager.query(
        `SELECT count(*)::int AS n FROM "gateway"."dead_letter_replays" WHERE dlq_id = $1 AND outcome = 'processed'`,
        [dlqId],
      );
      first = n === 0;
    }
    await manager.query(`INSERT INTO "gateway"."dead_letter_replays" (dlq_id, outcome, detail) VALUES ($1, $2, $3)`, [
      dlqId,
      outcome,
      detail ?? null,
    ]);
    return first;
  }

  /** The attempts on each of these letters, oldest first. */
  async attemptsOn(dlqIds: string[]): Promise<Map<string, ReplayAttempt[]>> {
    const attempts = new Map<string, ReplayAttempt[]>(dlqIds.map((id) => [id, []]));
    if (dlqIds.length === 0) return attempts;
    const rows: { dlqId: string; at: Date; outcome: ReplayOutcome; detail: string | null }[] =
      await this.dataSource.query(
        `SELECT dlq_id::text AS "dlqId", at, outcome, detail FROM "gateway"."dead_letter_replays"
          WHERE dlq_id = ANY($1::bigint[]) ORDER BY dlq_id, id`,
        [dlqIds],
      );
    for (const row of rows) {
      const attempt = { at: new Date(row.at).toISOString(), outcome: row.outcome };
      attempts.get(row.dlqId)?.push(row.detail === null ? attempt : { ...attempt, detail: row.detail });
    }
    return attempts;
  }
}
