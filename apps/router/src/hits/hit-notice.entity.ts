import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IdentifierType } from '@iren/contracts';

/** An alert as a notice records it (JSON). */
export interface NoticeAlert {
  id: string;
  origin: string;
  createdAt: string;
  title: string | null;
}

/**
 * One notice of a hit, recorded with the hit's change and published after the commit: both nodes'
 * HITs are made from it, so a notice published again (a redelivery, a crash before `published_at`
 * was set) is the same HITs with the same ids.
 */
@Entity({ schema: 'router', name: 'hit_notices' })
export class HitNoticeEntity {
  @PrimaryColumn({ name: 'hit_id', type: 'uuid' })
  hitId: string;

  @PrimaryColumn({ type: 'integer' })
  sequence: number;

  @Column({ name: 'identifier_type', type: 'text' })
  identifierType: IdentifierType;

  @Column({ name: 'identifier_value', type: 'text' })
  identifierValue: string;

  /** The latest alert of each node, the earlier first. */
  @Column({ type: 'jsonb' })
  alerts: [NoticeAlert, NoticeAlert];

  /** `{ alertCount, alertsSinceLastHit }` for a digest; null for the notice that opens a hit. */
  @Column({ type: 'jsonb', nullable: true })
  digest: { alertCount: number; alertsSinceLastHit: number } | null;

  @Column({ name: 'window_days', type: 'integer' })
  windowDays: number;

  @Column({ name: 'made_at', type: 'timestamptz' })
  madeAt: Date;

  @Column({ name: 'triggered_by', type: 'uuid', nullable: true })
  triggeredBy: string | null;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
