import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeliveryState, Envelope } from '@iren/contracts';

/** One message in one node's inbox; `cursor` orders the inbox. */
@Entity({ schema: 'gateway', name: 'deliveries' })
export class DeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
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
}
