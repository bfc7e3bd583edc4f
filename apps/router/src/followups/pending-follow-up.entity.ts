import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Envelope } from '@iren/contracts';

/**
 * A follow-up (withdrawal, amendment, feedback) that arrived before its original was routed,
 * parked with the envelope as it was authenticated: routed as soon as the original is, or refused
 * once the original can no longer arrive. Its own message was acknowledged when it was parked, so
 * nothing but this row brings it back.
 */
@Entity({ schema: 'router', name: 'pending_follow_ups' })
export class PendingFollowUpEntity {
  @PrimaryColumn({ name: 'follow_up_id', type: 'uuid' })
  followUpId: string;

  /** The id of the original it waits for (indexed: a routed message looks up what waits for it). */
  @Column({ name: 'refers_to', type: 'uuid' })
  refersTo: string;

  @Column({ type: 'jsonb' })
  envelope: Envelope<object>;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;

  @CreateDateColumn({ name: 'parked_at', type: 'timestamptz' })
  parkedAt: Date;
}
