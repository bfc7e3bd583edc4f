import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { Envelope, HitBody, HitIdentifier, IdentifierType } from '@iren/contracts';
import { AlertIdentifierEntity } from './alert-identifier.entity';
import { HitEntity } from './hit.entity';
import { identifierKey } from './identifiers';

/** An alert about to be indexed: what a HIT may tell of it. */
export interface AlertToIndex {
  id: string;
  origin: string;
  createdAt: Date;
  title: string | null;
}

/** An earlier-indexed alert of another origin that named the same identifier within the window. */
export interface IdentifierMatch {
  identifier: HitIdentifier;
  alert: AlertToIndex;
}

// First key of the router's advisory locks on identifiers, so they cannot meet another feature's locks.
const IDENTIFIER_LOCKS = 0x4b17;

@Injectable()
export class HitsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Indexes the alert's identifiers and answers the alerts of other origins that named one of them
   * at most `windowDays` before or after it. One transaction holding a lock per identifier (taken
   * in sorted order), so two alerts routed at the same moment by two router instances still find
   * each other: the second to lock sees the first's committed row.
   */
  indexAndMatch(alert: AlertToIndex, identifiers: HitIdentifier[], windowDays: number): Promise<IdentifierMatch[]> {
    const keys = [...new Set(identifiers.map(identifierKey))].sort();
    return this.dataSource.transaction(async (m) => {
      for (const key of keys) await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [IDENTIFIER_LOCKS, key]);
      await m
        .createQueryBuilder()
        .insert()
        .into(AlertIdentifierEntity)
        .values(
          identifiers.map((i) => ({ alertId: alert.id, identifierType: i.type, identifierValue: i.value, ...alert })),
        )
        .orIgnore()
        .execute();
      const rows: MatchRow[] = await m.query(
        `SELECT alert_id, identifier_type, identifier_value, origin, created_at, title
           FROM router.alert_identifiers
          WHERE (identifier_type, identifier_value) IN (SELECT * FROM unnest($1::text[], $2::text[]))
            AND origin <> $3 AND alert_id <> $4
            AND created_at BETWEEN $5::timestamptz - make_interval(days => $6)
                               AND $5::timestamptz + make_interval(days => $6)
          ORDER BY created_at, alert_id, identifier_type, identifier_value`,
        [
          identifiers.map((i) => i.type),
          identifiers.map((i) => i.value),
          alert.origin,
          alert.id,
          alert.createdAt,
          windowDays,
        ],
      );
      return rows.map(toMatch);
    });
  }

  /**
   * Records HITs unless already recorded (a redelivery, another router instance) and answers the
   * envelopes that stand, which may be older copies of the ones given: those are what is published.
   */
  async recordOnce(hits: HitToRecord[]): Promise<Envelope<HitBody>[]> {
    if (hits.length === 0) return [];
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(HitEntity)
      .values(hits.map((h) => ({ ...h, hitId: h.envelope.id })))
      .orIgnore()
      .execute();
    const stored = await this.dataSource.manager.findBy(HitEntity, { hitId: In(hits.map((h) => h.envelope.id)) });
    return stored.map((row) => row.envelope);
  }
}

/** One HIT for one node, keyed by the pair (earlier alert first), the identifier and the node. */
export interface HitToRecord {
  alertA: string;
  alertB: string;
  identifierType: IdentifierType;
  identifierValue: string;
  node: string;
  envelope: Envelope<HitBody>;
}

interface MatchRow {
  alert_id: string;
  identifier_type: IdentifierType;
  identifier_value: string;
  origin: string;
  created_at: Date;
  title: string | null;
}

function toMatch(row: MatchRow): IdentifierMatch {
  return {
    identifier: { type: row.identifier_type, value: row.identifier_value },
    alert: { id: row.alert_id, origin: row.origin, createdAt: new Date(row.created_at), title: row.title },
  };
}
