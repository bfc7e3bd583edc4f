import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager, In, IsNull, LessThan } from 'typeorm';
import type { HitIdentifier, IdentifierType } from '@iren/contracts';
import type { HitState, SeenAlert } from './hit-decision';
import { HitEntity } from './hit.entity';
import type { HitNotice } from './hit-message';
import { HitNoticeEntity } from './hit-notice.entity';
import { identifierKey } from './identifiers';

/** An alert and the identifiers it names, to be counted. */
export interface AlertToCount {
  alert: SeenAlert;
  identifiers: HitIdentifier[];
}

/** An identifier and a pair of nodes (in the hit's order): the key of a hit. */
export interface HitKey {
  identifier: HitIdentifier;
  nodes: [string, string];
}

/** Another node's latest alert naming an identifier, within the window of the alert being counted. */
export interface OtherSighting {
  identifier: HitIdentifier;
  latest: SeenAlert;
}

/** A pending hit as the sweeper pages through them: its key and since when its nodes wait. */
export interface DueHit extends HitKey {
  notifiedAt: Date;
}

// First key of the router's advisory locks on identifiers, so they cannot meet another feature's locks.
const IDENTIFIER_LOCKS = 0x4b17;

@Injectable()
export class HitsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one transaction holding a lock per identifier, taken in sorted order: whatever
   * reads or changes the sightings and hits of an identifier (an alert on any router instance, the
   * digest sweeper) does so one at a time, and sees what the one before it committed.
   */
  inIdentifierLocks<T>(identifiers: HitIdentifier[], work: (tx: HitsTransaction) => Promise<T>): Promise<T> {
    const keys = [...new Set(identifiers.map(identifierKey))].sort();
    return this.dataSource.transaction(async (m) => {
      // Volatile functions in the select list run after the ORDER BY: the locks are taken in key order.
      await m.query(
        `SELECT pg_advisory_xact_lock($1, hashtext(k)) FROM unnest($2::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n`,
        [IDENTIFIER_LOCKS, keys],
      );
      return work(new HitsTransaction(m));
    });
  }

  /**
   * The key of the hit ids (`HitIds`): made once, by whichever router asks first, and the same for
   * every router on this database after that.
   */
  async hitIdKey(): Promise<Buffer> {
    await this.dataSource.query(`INSERT INTO router.hit_id_key (key) VALUES ($1) ON CONFLICT DO NOTHING`, [
      randomBytes(32),
    ]);
    const [row]: { key: Buffer }[] = await this.dataSource.query(`SELECT key FROM router.hit_id_key`);
    return row.key;
  }

  /** Notices not published yet that these alerts made (a redelivery finds what a crash left unsent). */
  async unpublishedMadeBy(alertIds: string[]): Promise<HitNotice[]> {
    if (alertIds.length === 0) return [];
    const rows = await this.dataSource.manager.find(HitNoticeEntity, {
      where: { triggeredBy: In(alertIds), publishedAt: IsNull() },
      order: { madeAt: 'ASC', hitId: 'ASC', sequence: 'ASC' },
    });
    return rows.map(toNotice);
  }

  /** Notices made before `madeBefore` and still not published, the oldest first. */
  async unpublishedSince(madeBefore: Date, limit: number): Promise<HitNotice[]> {
    const rows = await this.dataSource.manager.find(HitNoticeEntity, {
      where: { madeAt: LessThan(madeBefore), publishedAt: IsNull() },
      order: { madeAt: 'ASC', hitId: 'ASC', sequence: 'ASC' },
      take: limit,
    });
    return rows.map(toNotice);
  }

  async markPublished(notices: Pick<HitNotice, 'hitId' | 'sequence'>[]): Promise<void> {
    if (notices.length === 0) return;
    await this.dataSource.query(
      `UPDATE router.hit_notices SET published_at = now()
        WHERE (hit_id, sequence) IN (SELECT * FROM unnest($1::uuid[], $2::int[])) AND published_at IS NULL`,
      [notices.map((n) => n.hitId), notices.map((n) => n.sequence)],
    );
  }

  /**
   * Hits holding alerts their nodes were not told of, last told at or before `notifiedBefore`: a page
   * in the order of how long they wait, after `after` (the last of the previous page).
   */
  async pendingSince(notifiedBefore: Date, after: DueHit | null, limit: number): Promise<DueHit[]> {
    const rows: HitKeyRow[] = await this.dataSource.query(
      `SELECT identifier_type, identifier_value, node_a, node_b, notified_at
         FROM router.identifier_hits
        WHERE a_count + b_count > notified_count AND notified_at <= $1
          AND ($2::timestamptz IS NULL
               OR (notified_at, identifier_type, identifier_value, node_a, node_b) > ($2, $3, $4, $5, $6))
        ORDER BY notified_at, identifier_type, identifier_value, node_a, node_b
        LIMIT $7`,
      [
        notifiedBefore,
        after?.notifiedAt ?? null,
        after?.identifier.type ?? null,
        after?.identifier.value ?? null,
        after?.nodes[0] ?? null,
        after?.nodes[1] ?? null,
        limit,
      ],
    );
    return rows.map((r) => ({
      identifier: { type: r.identifier_type, value: r.identifier_value },
      nodes: [r.node_a, r.node_b],
      notifiedAt: new Date(r.notified_at),
    }));
  }
}

/** What may be read and written while the identifiers are locked (`HitsRepository.inIdentifierLocks`). */
export class HitsTransaction {
  constructor(private readonly m: EntityManager) {}

  /**
   * Counts alerts, in one statement: marks each counted for each identifier it was not counted for
   * before (a redelivery counts nothing again), counts it in its origin's sighting of those and makes
   * it the latest where it is, and answers, per alert and for those identifiers, each other node whose
   * latest alert naming one lies at most `windowDays` before or after it: one row per node, never one
   * per alert. The reading sees the sightings as they were before the statement, so no two alerts
   * given may name the same identifier (`DetectHits` counts such alerts one after the other).
   */
  async count(alerts: AlertToCount[], windowDays: number): Promise<OtherSighting[][]> {
    const named = alerts.flatMap(({ alert, identifiers }) => identifiers.map((identifier) => ({ alert, identifier })));
    const keys = new Set(named.map(({ identifier }) => identifierKey(identifier)));
    if (keys.size < named.length) throw new Error('alerts counted in one statement must name different identifiers');
    if (named.length === 0) return alerts.map(() => []);
    const newer = `(excluded.latest_created_at, excluded.latest_alert_id) > (s.latest_created_at, s.latest_alert_id)`;
    const rows: (SightingRow & { counted_alert_id: string })[] = await this.m.query(
      `WITH fresh AS (
         INSERT INTO router.alert_identifiers (alert_id, identifier_type, identifier_value, origin, created_at, title)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])
         ON CONFLICT DO NOTHING
         RETURNING alert_id, identifier_type, identifier_value, origin, created_at, title
       ), sighted AS (
         INSERT INTO router.identifier_sightings AS s
                (identifier_type, identifier_value, origin, latest_alert_id, latest_created_at, latest_title, alert_count)
         SELECT identifier_type, identifier_value, origin, alert_id, created_at, title, 1 FROM fresh
         ON CONFLICT (identifier_type, identifier_value, origin) DO UPDATE SET
           alert_count = s.alert_count + 1,
           latest_alert_id = CASE WHEN ${newer} THEN excluded.latest_alert_id ELSE s.latest_alert_id END,
           latest_created_at = CASE WHEN ${newer} THEN excluded.latest_created_at ELSE s.latest_created_at END,
           latest_title = CASE WHEN ${newer} THEN excluded.latest_title ELSE s.latest_title END
       )
       SELECT f.alert_id AS counted_alert_id, o.identifier_type, o.identifier_value, o.origin,
              o.latest_alert_id, o.latest_created_at, o.latest_title
         FROM router.identifier_sightings o
         JOIN fresh f USING (identifier_type, identifier_value)
        WHERE o.origin <> f.origin
          AND o.latest_created_at BETWEEN f.created_at - make_interval(days => $7)
                                      AND f.created_at + make_interval(days => $7)
        ORDER BY o.identifier_type, o.identifier_value, o.origin`,
      [
        named.map(({ alert }) => alert.id),
        named.map(({ identifier }) => identifier.type),
        named.map(({ identifier }) => identifier.value),
        named.map(({ alert }) => alert.origin),
        named.map(({ alert }) => alert.createdAt),
        named.map(({ alert }) => alert.title),
        windowDays,
      ],
    );
    const byAlert = new Map(alerts.map(({ alert }): [string, OtherSighting[]] => [alert.id, []]));
    for (const r of rows) {
      byAlert.get(r.counted_alert_id)?.push({
        identifier: { type: r.identifier_type, value: r.identifier_value },
        latest: {
          id: r.latest_alert_id,
          origin: r.origin,
          createdAt: new Date(r.latest_created_at),
          title: r.latest_title,
        },
      });
    }
    return alerts.map(({ alert }) => byAlert.get(alert.id) ?? []);
  }

  async hits(keys: HitKey[]): Promise<HitState[]> {
    if (keys.length === 0) return [];
    const rows = await this.m
      .createQueryBuilder(HitEntity, 'h')
      .where(
        `(h.identifier_type, h.identifier_value, h.node_a, h.node_b)
           IN (SELECT * FROM unnest(:types::text[], :values::text[], :as::text[], :bs::text[]))`,
        {
          types: keys.map((k) => k.identifier.type),
          values: keys.map((k) => k.identifier.value),
          as: keys.map((k) => k.nodes[0]),
          bs: keys.map((k) => k.nodes[1]),
        },
      )
      .getMany();
    return rows.map(toHitState);
  }

  /**
   * Saves hits, new or changed, in one statement: the rows go as one JSON document (no limit on
   * parameters, and none of an ORM's work per value: a batch on one identifier makes thousands).
   */
  async saveHits(hits: HitState[]): Promise<void> {
    if (hits.length === 0) return;
    const updates = SAVED_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ');
    await this.m.query(
      `INSERT INTO router.identifier_hits (${HIT_COLUMNS.join(', ')})
       SELECT ${HIT_COLUMNS.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${HIT_RECORD})
       ON CONFLICT (identifier_type, identifier_value, node_a, node_b) DO UPDATE SET ${updates}`,
      [JSON.stringify(hits.map(toHitRecord))],
    );
  }

  /** Records notices; one recorded already (the same hit and sequence) stays as it was. */
  async recordNotices(notices: HitNotice[]): Promise<void> {
    if (notices.length === 0) return;
    await this.m.query(
      `INSERT INTO router.hit_notices (${NOTICE_COLUMNS.join(', ')})
       SELECT ${NOTICE_COLUMNS.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${NOTICE_RECORD})
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(notices.map(toNoticeRecord))],
    );
  }
}

/** What an alert or a digest changes in a hit: all but its key. */
const SAVED_COLUMNS = [
  'a_alert_id',
  'a_created_at',
  'a_title',
  'a_count',
  'b_alert_id',
  'b_created_at',
  'b_title',
  'b_count',
  'notified_seq',
  'notified_count',
  'notified_at',
];

function toHitState(row: HitEntity): HitState {
  return {
    identifier: { type: row.identifierType, value: row.identifierValue },
    sides: [
      {
        node: row.nodeA,
        latest: { id: row.aAlertId, origin: row.nodeA, createdAt: row.aCreatedAt, title: row.aTitle },
        count: row.aCount,
      },
      {
        node: row.nodeB,
        latest: { id: row.bAlertId, origin: row.nodeB, createdAt: row.bCreatedAt, title: row.bTitle },
        count: row.bCount,
      },
    ],
    notifiedSeq: row.notifiedSeq,
    notifiedCount: row.notifiedCount,
    notifiedAt: row.notifiedAt,
  };
}

/** A hit's columns and their types, as `jsonb_to_recordset` reads a row of {@link toHitRecord}. */
const HIT_RECORD = `identifier_type text, identifier_value text, node_a text, node_b text,
  a_alert_id uuid, a_created_at timestamptz, a_title text, a_count integer,
  b_alert_id uuid, b_created_at timestamptz, b_title text, b_count integer,
  notified_seq integer, notified_count integer, notified_at timestamptz`;
const HIT_COLUMNS = ['identifier_type', 'identifier_value', 'node_a', 'node_b', ...SAVED_COLUMNS];

function toHitRecord(hit: HitState): Record<string, unknown> {
  const [a, b] = hit.sides;
  return {
    identifier_type: hit.identifier.type,
    identifier_value: hit.identifier.value,
    node_a: a.node,
    node_b: b.node,
    a_alert_id: a.latest.id,
    a_created_at: a.latest.createdAt,
    a_title: a.latest.title,
    a_count: a.count,
    b_alert_id: b.latest.id,
    b_created_at: b.latest.createdAt,
    b_title: b.latest.title,
    b_count: b.count,
    notified_seq: hit.notifiedSeq,
    notified_count: hit.notifiedCount,
    notified_at: hit.notifiedAt,
  };
}

/** A notice's columns and their types, as `jsonb_to_recordset` reads a row of {@link toNoticeRecord}. */
const NOTICE_RECORD = `hit_id uuid, sequence integer, identifier_type text, identifier_value text, alerts jsonb,
  digest jsonb, window_days integer, made_at timestamptz, triggered_by uuid, correlation_id text`;
const NOTICE_COLUMNS = [
  'hit_id',
  'sequence',
  'identifier_type',
  'identifier_value',
  'alerts',
  'digest',
  'window_days',
  'made_at',
  'triggered_by',
  'correlation_id',
];

function toNoticeRecord(notice: HitNotice): Record<string, unknown> {
  return {
    hit_id: notice.hitId,
    sequence: notice.sequence,
    identifier_type: notice.identifier.type,
    identifier_value: notice.identifier.value,
    // Dates in JSON are their ISO text, as the notice's alerts are kept.
    alerts: notice.alerts,
    digest: notice.digest,
    window_days: notice.windowDays,
    made_at: notice.madeAt,
    triggered_by: notice.triggeredBy,
    correlation_id: notice.correlationId,
  };
}

function toNotice(row: HitNoticeEntity): HitNotice {
  return {
    hitId: row.hitId,
    sequence: row.sequence,
    identifier: { type: row.identifierType, value: row.identifierValue },
    alerts: row.alerts.map((a) => ({ ...a, createdAt: new Date(a.createdAt) })) as HitNotice['alerts'],
    digest: row.digest,
    windowDays: row.windowDays,
    madeAt: row.madeAt,
    triggeredBy: row.triggeredBy,
    correlationId: row.correlationId,
  };
}

interface HitKeyRow {
  identifier_type: IdentifierType;
  identifier_value: string;
  node_a: string;
  node_b: string;
  notified_at: Date;
}

interface SightingRow {
  identifier_type: IdentifierType;
  identifier_value: string;
  origin: string;
  latest_alert_id: string;
  latest_created_at: Date;
  latest_title: string | null;
}
