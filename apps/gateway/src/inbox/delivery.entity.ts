import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeliveryState, Envelope, FeedbackBody } from '@iren/contracts';

/** The AMENDMENT that made a version of a message: its id, creation time and reason. */
export interface AmendmentMark {
  messageId: string;
  at: string;
  reason: string | null;
}

/** An earlier version of a delivered message, kept when an amendment replaced it. */
export interface DeliveryVersion {
  version: number;
  message: Envelope;
  /** How this version was made; null for the original (version 1). */
  amendment: AmendmentMark | null;
}

/** A recipient's feedback on a delivered message, with the FEEDBACK message that carries it. */
export interface DeliveryFeedback extends Omit<FeedbackBody, 'refersTo'> {
  messageId: string;
  at: string;
}

/**
 * One message in one node's inbox. `cursor` orders the inbox and moves forward whenever the row
 * changes (withdrawn, amended, overdue), so a reader sees the change after its cursor; `envelope`
 * is always the current version.
 */
@Entity({ schema: 'gateway', name: 'deliveries' })
export class DeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  cursor: string;

  @Column({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @Column({ type: 'text' })
  node: string;

  @Column({ type: 'text' })
  origin: string;

  @Column({ type: 'jsonb' })
  envelope: Envelope;

  @Column({ type: 'text', array: true })
  reasons: string[];

  @Column({ type: 'text' })
  state: DeliveryState;

  @Column({ name: 'delivered_at', type: 'timestamptz' })
  deliveredAt: Date;

  @Column({ name: 'received_at', type: 'timestamptz', nullable: true })
  receivedAt: Date | null;

  @Column({ name: 'actioned_at', type: 'timestamptz', nullable: true })
  actionedAt: Date | null;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  history: DeliveryVersion[];

  /** How the current version was made; null while it is the original. */
  @Column({ type: 'jsonb', nullable: true })
  amendment: AmendmentMark | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true })
  withdrawalReason: string | null;

  @Column({ name: 'withdrawal_id', type: 'uuid', nullable: true })
  withdrawalId: string | null;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  feedback: DeliveryFeedback | null;

  @Column({ name: 'feedback_delivered_at', type: 'timestamptz', nullable: true })
  feedbackDeliveredAt: Date | null;

  @Column({ name: 'feedback_due_at', type: 'timestamptz', nullable: true })
  feedbackDueAt: Date | null;

  @Column({ name: 'feedback_overdue_at', type: 'timestamptz', nullable: true })
  feedbackOverdueAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt: Date | null;
}
