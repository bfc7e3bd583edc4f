import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { MessageKind, Tlp } from '@iren/contracts';
import type { Recipient } from '@iren/filters';

/**
 * The routing decision for one message, recorded the first time it is routed: a redelivery
 * re-publishes to exactly these recipients, and a withdrawal or amendment of it reaches them too,
 * whatever the subscriptions say by then.
 */
@Entity({ schema: 'router', name: 'routed_messages' })
export class RoutedMessageEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @Column({ type: 'text' })
  origin: string;

  @Column({ type: 'text' })
  kind: MessageKind;

  @Column({ type: 'text' })
  tlp: Tlp;

  @Column({ type: 'jsonb' })
  recipients: Recipient[];

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;

  @CreateDateColumn({ name: 'routed_at', type: 'timestamptz' })
  routedAt: Date;
}
