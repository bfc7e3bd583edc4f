import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IdentifierType } from '@iren/contracts';

/**
 * One hit: an identifier and the pair of nodes whose alerts named it (`node_a` < `node_b`), each
 * side with its latest alert and how many it sent since the hit began, and what its nodes were
 * last told. Pending while it holds more alerts than at its last notice; the sweeper sends the
 * digest once the last notice is a digest interval old.
 */
@Entity({ schema: 'router', name: 'identifier_hits' })
export class HitEntity {
  @PrimaryColumn({ name: 'identifier_type', type: 'text' })
  identifierType: IdentifierType;

  @PrimaryColumn({ name: 'identifier_value', type: 'text' })
  identifierValue: string;

  @PrimaryColumn({ name: 'node_a', type: 'text' })
  nodeA: string;

  @PrimaryColumn({ name: 'node_b', type: 'text' })
  nodeB: string;

  @Column({ name: 'a_alert_id', type: 'uuid' })
  aAlertId: string;

  @Column({ name: 'a_created_at', type: 'timestamptz' })
  aCreatedAt: Date;

  @Column({ name: 'a_title', type: 'text', nullable: true })
  aTitle: string | null;

  @Column({ name: 'a_count', type: 'integer' })
  aCount: number;

  @Column({ name: 'b_alert_id', type: 'uuid' })
  bAlertId: string;

  @Column({ name: 'b_created_at', type: 'timestamptz' })
  bCreatedAt: Date;

  @Column({ name: 'b_title', type: 'text', nullable: true })
  bTitle: string | null;

  @Column({ name: 'b_count', type: 'integer' })
  bCount: number;

  @Column({ name: 'notified_seq', type: 'integer' })
  notifiedSeq: number;

  @Column({ name: 'notified_count', type: 'integer' })
  notifiedCount: number;

  @Column({ name: 'notified_at', type: 'timestamptz' })
  notifiedAt: Date;
}
