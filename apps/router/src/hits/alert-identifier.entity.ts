import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { IdentifierType } from '@iren/contracts';

/**
 * One identifier (normalised) an alert named: the index the router correlates alerts by. An alert
 * naming three containers has three rows; an alert redelivered adds nothing.
 */
@Entity({ schema: 'router', name: 'alert_identifiers' })
@Index('alert_identifiers_lookup_idx', ['identifierType', 'identifierValue', 'createdAt'])
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
