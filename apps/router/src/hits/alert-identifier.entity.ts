import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IdentifierType } from '@iren/contracts';

/**
 * That an alert was counted for one identifier (normalised) it named: an alert naming three
 * containers has three rows, and an alert redelivered finds its rows and is not counted twice.
 * Only ever looked up by its key; correlation reads `identifier_sightings`.
 */
@Entity({ schema: 'router', name: 'alert_identifiers' })
export class AlertIdentifierEntity {
  @PrimaryColumn({ name: 'alert_id', type: 'uuid' })
  alertId: string;

  @PrimaryColumn({ name: 'identifier_type', type: 'text' })
  identifierType: IdentifierType;

  @PrimaryColumn({ name: 'identifier_value', type: 'text' })
  identifierValue: string;

  @Column({ type: 'text' })
  origin: string;

  /** The alert's own `createdAt` (the gateway's clock), which the window is measured on. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'text', nullable: true })
  title: string | null;
}
