import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Envelope, MessageKind, Tlp } from '@iren/contracts';

/** A message published through this gateway, as accepted (the outbox row carries it to NATS). */
@Entity({ schema: 'gateway', name: 'messages' })
export class MessageEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  origin: string;

  @Column({ type: 'text' })
  kind: MessageKind;

  @Column({ type: 'text' })
  tlp: Tlp;

  @Column({ type: 'jsonb' })
  envelope: Envelope;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
