import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Envelope, HitBody, IdentifierType } from '@iren/contracts';

/**
 * One HIT for one origin, recorded before it is published: its key makes it exactly one per node,
 * pair of alerts and identifier, whoever makes it first (a redelivery, a second router instance),
 * and a repeat publishes the stored envelope unchanged.
 */
@Entity({ schema: 'router', name: 'hits' })
export class HitEntity {
  /** The earlier alert of the pair. */
  @PrimaryColumn({ name: 'alert_a', type: 'uuid' })
  alertA: string;

  @PrimaryColumn({ name: 'alert_b', type: 'uuid' })
  alertB: string;

  @PrimaryColumn({ name: 'identifier_type', type: 'text' })
  identifierType: IdentifierType;

  @PrimaryColumn({ name: 'identifier_value', type: 'text' })
  identifierValue: string;

  /** The origin this HIT is for. */
  @PrimaryColumn({ type: 'text' })
  node: string;

  @Column({ name: 'hit_id', type: 'uuid', unique: true })
  hitId: string;

  @Column({ type: 'jsonb' })
  envelope: Envelope<HitBody>;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
