import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IdentifierType } from '@iren/contracts';

/**
 * One node's alerts naming one identifier: its latest alert and how many it sent. What the router
 * correlates by: a new alert reads one row per other node that named the identifier, however many
 * alerts those nodes sent.
 */
@Entity({ schema: 'router', name: 'identifier_sightings' })
export class IdentifierSightingEntity {
  @PrimaryColumn({ name: 'identifier_type', type: 'text' })
  identifierType: IdentifierType;

  @PrimaryColumn({ name: 'identifier_value', type: 'text' })
  identifierValue: string;

  @PrimaryColumn({ type: 'text' })
  origin: string;

  @Column({ name: 'latest_alert_id', type: 'uuid' })
  latestAlertId: string;

  /** The latest alert's own `createdAt`, which the window is measured on. */
  @Column({ name: 'latest_created_at', type: 'timestamptz' })
  latestCreatedAt: Date;

  @Column({ name: 'latest_title', type: 'text', nullable: true })
  latestTitle: string | null;

  @Column({ name: 'alert_count', type: 'integer' })
  alertCount: number;
}
