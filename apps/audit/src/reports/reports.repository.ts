import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** `at >= from` and `at < to`, each end optional. */
export interface LedgerWindow {
  from?: Date;
  to?: Date;
}

/** Messages a node published in the window, by kind and category (null for a message without one). */
export interface SentCountRow {
  node: string;
  kind: string | null;
  category: string | null;
  count: number;
}

/**
 * Deliveries to a node in the window, by kind and category, followed to their first read and first
 * acknowledgement (durations in milliseconds) and, for alerts that asked for it, to their feedback.
 */
export interface DeliveryFactsRow extends SentCountRow {
  readMs: number[];
  acknowledgedMs: number[];
  feedbackRequested: number;
  feedbackGiven: number;
  feedbackOverdue: number;
}

/** Messages refused in the window, by origin (null when unknown) and reason. */
export interface RejectedCountRow {
  node: string | null;
  reason: string;
  count: number;
}

/** One quantity line of a SEIZURE feedback, with the reporting node and the alert it answers. */
export interface SeizureLineRow {
  year: number;
  country: string;
  messageId: string;
  category: string;
  /** As the feedback recorded them (JSON values, null when absent): checked where they are added. */
  pieces: unknown;
  kilograms: unknown;
}

/** Filters of the seizure lines; all optional. */
export interface SeizureFilter {
  year?: number;
  country?: string;
  category?: string;
}

const IN_WINDOW = (alias: string) =>
  `($1::timestamptz IS NULL OR ${alias}."at" >= $1) AND ($2::timestamptz IS NULL OR ${alias}."at" < $2)`;

// The first entry of a type about one delivery (a message and its recipient).
const FIRST = (type: string) =>
  `(SELECT min(e."at") FROM "audit"."ledger" e WHERE e."message_id" = x."message_id" AND e."node" = x."node" AND e."type" = '${type}')`;
const ANY = (type: string) =>
  `EXISTS (SELECT 1 FROM "audit"."ledger" e WHERE e."message_id" = x."message_id" AND e."node" = x."node" AND e."type" = '${type}')`;
const MS = (later: string) => `greatest(0, round(extract(epoch FROM (${later} - f."delivered_at")) * 1000))::float8`;

/**
 * The coordinators' reports read from `audit.ledger` alone: metadata of published messages and
 * of exchange events, never content (the ledger holds none). Aggregation happens here, in SQL;
 * only per-delivery durations leave the database, for the percentiles.
 */
@Injectable()
export class ReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async sentCounts(window: LedgerWindow): Promise<SentCountRow[]> {
    const rows: SentCountRow[] = await this.dataSource.query(
      `SELECT p."node", p."kind", p."data"->>'category' AS "category", count(*)::int AS "count"
           FROM "audit"."ledger" p
          WHERE p."type" = 'message.published' AND p."node" IS NOT NULL AND ${IN_WINDOW('p')}
          GROUP BY 1, 2, 3`,
      params(window),
    );
    return rows;
  }

  async deliveryFacts(window: LedgerWindow): Promise<DeliveryFactsRow[]> {
    const rows: DeliveryFactsRow[] = await this.dataSource.query(
      `WITH x AS (
         SELECT d."node", d."message_id", min(d."at") AS "delivered_at", min(d."kind") AS "kind"
           FROM "audit"."ledger" d
          WHERE d."type" = 'message.delivered' AND d."node" IS NOT NULL AND d."message_id" IS NOT NULL
            AND ${IN_WINDOW('d')}
          GROUP BY d."node", d."message_id"
       ), f AS (
         SELECT x."node", x."kind", x."delivered_at", p."data"->>'category' AS "category",
                (p."data" ? 'feedbackDueBy') IS TRUE AS "asked",
                ${FIRST('message.read')} AS "read_at",
                ${FIRST('message.acknowledged')} AS "acknowledged_at",
                ${ANY('message.feedback')} AS "answered",
                ${ANY('feedback.overdue')} AS "overdue"
           FROM x
           LEFT JOIN "audit"."ledger" p ON p."type" = 'message.published' AND p."message_id" = x."message_id"
       )
       SELECT f."node", f."kind", f."category", count(*)::int AS "count",
              coalesce(array_agg(${MS('f."read_at"')}) FILTER (WHERE f."read_at" IS NOT NULL), '{}') AS "readMs",
              coalesce(array_agg(${MS('f."acknowledged_at"')}) FILTER (WHERE f."acknowledged_at" IS NOT NULL), '{}')
                AS "acknowledgedMs",
              (count(*) FILTER (WHERE f."asked"))::int AS "feedbackRequested",
              (count(*) FILTER (WHERE f."asked" AND f."answered"))::int AS "feedbackGiven",
              (count(*) FILTER (WHERE f."asked" AND f."overdue"))::int AS "feedbackOverdue"
         FROM f
        GROUP BY 1, 2, 3`,
      params(window),
    );
    return rows;
  }

  async rejectedCounts(window: LedgerWindow): Promise<RejectedCountRow[]> {
    const rows: RejectedCountRow[] = await this.dataSource.query(
      `SELECT r."node", coalesce(r."data"->>'reason', 'unknown') AS "reason", count(*)::int AS "count"
         FROM "audit"."ledger" r
        WHERE r."type" = 'message.rejected' AND ${IN_WINDOW('r')}
        GROUP BY 1, 2`,
      params(window),
    );
    return rows;
  }

  /**
   * The quantity lines of SEIZURE feedback matching the filter. The year is the seizure's own
   * (`seizedAt`, as the reporting node wrote it), the country that of the node that reported it.
   */
  async seizureLines(filter: SeizureFilter): Promise<SeizureLineRow[]> {
    const rows: SeizureLineRow[] = await this.dataSource.query(
      `SELECT s."year", s."country", s."message_id" AS "messageId", q->>'category' AS "category",
              q->'pieces' AS "pieces", q->'kilograms' AS "kilograms"
         FROM (SELECT substring(f."data"->>'seizedAt' FROM '^\\+?([0-9]{4})')::int AS "year",
                      f."country", f."message_id", f."data"->'quantities' AS "quantities"
                 FROM "audit"."ledger" f
                WHERE f."type" = 'message.feedback' AND f."data"->>'outcome' = 'SEIZURE'
                  AND f."country" IS NOT NULL AND f."message_id" IS NOT NULL
                  AND jsonb_typeof(f."data"->'quantities') = 'array') s
        CROSS JOIN LATERAL jsonb_array_elements(s."quantities") q
        WHERE s."year" IS NOT NULL AND jsonb_typeof(q) = 'object' AND q->>'category' IS NOT NULL
          AND ($1::int IS NULL OR s."year" = $1)
          AND ($2::text IS NULL OR s."country" = $2)
          AND ($3::text IS NULL OR q->>'category' = $3)
        ORDER BY s."year", s."country", "category"`,
      [filter.year ?? null, filter.country ?? null, filter.category ?? null],
    );
    return rows;
  }
}

function params(window: LedgerWindow): (Date | null)[] {
  return [window.from ?? null, window.to ?? null];
}
